/**
 * Whether the entries being read are kept, with the text they were read from, or handed on one by one: two
 * memory measures pay off only when they are kept, and cost time when they are not.
 *
 * - Pooling repeated texts (`interned.ts`): a kept document then holds each booking text or name once.
 * - Cutting values out of the field's own lines (`JoinedLines.piece`): a value sliced from a joined copy of the
 *   lines would keep that copy alive as long as the entry, where the lines are part of the document kept anyway.
 *
 * A stream's entries are handed on and its chunks dropped: there a slice of the joined copy is the cheaper value
 * (it holds a few hundred bytes, where a slice of a line holds its whole chunk), and pooling saves nothing. On
 * the bench file the two cost the streaming parser about a tenth of its time (measured: 11%).
 *
 * The reader sets the mode for the duration of each call it makes ({@link setKeepEntries}); parsing is
 * synchronous, so readers never see each other's mode.
 *
 * @module
 */

let keep = true;

/** Whether the entries being read are kept (see the module documentation). */
export function keepEntries(): boolean {
  return keep;
}

/** Sets the mode; returns the previous one, to put back. */
export function setKeepEntries(on: boolean): boolean {
  const was = keep;
  keep = on;
  return was;
}
