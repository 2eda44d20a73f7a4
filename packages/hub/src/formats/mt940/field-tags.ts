/**
 * The MT940/MT942 field tags the parser knows, as small integers so the per-line dispatch is a `switch` on a
 * number read with `charCodeAt`, not a string comparison or a regular expression.
 *
 * @module
 */

/** Field tag ids. `:60:`/`:62:`/`:13:` (older files) share the ids of `:60F:`/`:62F:`/`:13D:`, `:28:` that of `:28C:`. */
export const TAG = {
  T20: 1,
  T21: 2,
  T25: 3,
  T25P: 4,
  T28C: 5,
  T60F: 6,
  T60M: 7,
  T61: 8,
  T62F: 9,
  T62M: 10,
  T64: 11,
  T65: 12,
  T86: 13,
  T34F: 14,
  T13D: 15,
  TNS: 16,
  T90D: 17,
  T90C: 18,
} as const;

/** One of the {@link TAG} ids. */
export type TagId = (typeof TAG)[keyof typeof TAG];

/**
 * The id of the tag in `line[start, end)` (the text between the colons, e.g. `61`, `60F`, `NS`), or -1 for a tag
 * this parser does not know.
 */
export function tagIdOf(line: string, start: number, end: number): TagId | -1 {
  const length = end - start;
  const c0 = line.charCodeAt(start);
  const c1 = line.charCodeAt(start + 1);
  // Tag letters are upper case; a writer that lower-cases them (`:60f:`, `:ns:`) means the same tags.
  if (length === 2 && (c0 | 0x20) === 110 /* n */ && (c1 | 0x20) === 115 /* s */) return TAG.TNS;
  if (length < 2 || length > 3 || c0 < 48 || c0 > 57 || c1 < 48 || c1 > 57) return -1;
  const n = (c0 - 48) * 10 + (c1 - 48);
  const raw = length === 3 ? line.charCodeAt(start + 2) : 0;
  const letter = raw >= 97 && raw <= 122 ? raw - 32 : raw;
  switch (n) {
    case 20:
      return letter === 0 ? TAG.T20 : -1;
    case 21:
      return letter === 0 ? TAG.T21 : -1;
    case 25:
      return letter === 0 ? TAG.T25 : letter === 80 /* P */ ? TAG.T25P : -1;
    case 28:
      return letter === 0 || letter === 67 /* C */ ? TAG.T28C : -1;
    case 60:
      return letter === 0 || letter === 70 /* F */ ? TAG.T60F : letter === 77 /* M */ ? TAG.T60M : -1;
    case 61:
      return letter === 0 ? TAG.T61 : -1;
    case 62:
      return letter === 0 || letter === 70 ? TAG.T62F : letter === 77 ? TAG.T62M : -1;
    case 64:
      return letter === 0 ? TAG.T64 : -1;
    case 65:
      return letter === 0 ? TAG.T65 : -1;
    case 86:
      return letter === 0 ? TAG.T86 : -1;
    case 34:
      return letter === 70 ? TAG.T34F : -1;
    case 13:
      return letter === 0 || letter === 68 /* D */ ? TAG.T13D : -1;
    case 90:
      return letter === 68 ? TAG.T90D : letter === 67 ? TAG.T90C : -1;
    default:
      return -1;
  }
}
