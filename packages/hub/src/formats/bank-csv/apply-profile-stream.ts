/**
 * Applying a mapping profile to rows that arrive over time (a large file read in chunks, a spreadsheet read row
 * by row): events out as the rows are read, one statement header and one entry in memory at a time, each
 * statement ending with its integrity findings computed from running totals. Statements come one after the other:
 * in a file of several accounts or currencies, the entries of those after the first are held until the first ends
 * (see `ProfileApplier`).
 *
 * @module
 */
import type { TableRow } from "./csv-reader.js";
import { EventQueueStream } from "./event-queue-stream.js";
import type { MappingProfile } from "./mapping-profile.js";
import { type ApplyProfileContext, type BankCsvEvent, ProfileApplier } from "./profile-applier.js";

/**
 * Applies a validated profile to rows arriving asynchronously, yielding events as it reads. Never throws for bad
 * input: a refusal is an `issue` event and the `end` event's `rejected`.
 *
 * @example
 * for await (const event of applyProfileStream(rows, profile, { documentId })) {
 *   if (event.type === "entry") await store(event.entry);
 * }
 */
export function applyProfileStream(
  rows: AsyncIterable<TableRow> | Iterable<TableRow>,
  profile: MappingProfile,
  context: ApplyProfileContext = {},
): AsyncIterableIterator<BankCsvEvent> {
  let applier: ProfileApplier | undefined;
  const stream: EventQueueStream<TableRow> = new EventQueueStream<TableRow>(
    rows,
    (row) => applier?.push(row),
    () => applier?.end(),
    (issue) => {
      stream.push({ type: "issue", issue });
      stream.push({ type: "end", statements: 0, entries: 0, rejected: issue });
    },
  );
  applier = new ProfileApplier(profile, context, stream.push);
  return stream;
}
