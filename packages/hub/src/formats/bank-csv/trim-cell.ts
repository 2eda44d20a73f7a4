/**
 * Cell cleaning shared by the CSV reader, the row mapper, the header search and detection.
 *
 * @module
 */

/**
 * The cell without the whitespace around it (spaces, tabs, line ends, the no-break and full-width spaces, a stray
 * BOM: JavaScript's whitespace). Native `trim`: ICBC pads every cell with dozens of spaces and a tab, and a loop
 * over them in JavaScript cost more than reading the whole row.
 */
export function trimCell(s: string): string {
  return s.trim();
}

/** True for a cell of only `-` (banks' way of writing nothing: `-`, `--`, `-------------------`). */
export function onlyDashes(s: string): boolean {
  if (s.charCodeAt(0) !== 45) return false;
  for (let i = 1; i < s.length; i++) if (s.charCodeAt(i) !== 45) return false;
  return true;
}
