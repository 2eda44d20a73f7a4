/**
 * Bank CSV files of any size as an async iterator of events: `createBankCsvParser` fed from a source of byte
 * chunks (a file stream), one chunk's events queued at a time.
 *
 * @module
 */
import { type BankCsvStreamOptions, createBankCsvParser } from "./bank-csv-parser.js";
import { EventQueueStream } from "./event-queue-stream.js";
import type { BankCsvEvent } from "./profile-applier.js";

/**
 * Parses a bank CSV file given as byte chunks (a file stream), yielding the same events as the camt stream:
 * `statement`, `entry`, `statementEnd` (with the integrity findings), `issue`, `end`. Never throws for bad
 * input: a refusal is an `issue` event and the `end` event's `rejected`; a source that fails refuses the document
 * with `FILE_UNREADABLE`.
 *
 * @example
 * for await (const event of parseBankCsvStream(createReadStream("icbc.csv"))) {
 *   if (event.type === "entry") await store(event.entry);
 * }
 */
export function parseBankCsvStream(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: BankCsvStreamOptions = {},
): AsyncIterableIterator<BankCsvEvent> {
  let parser: ReturnType<typeof createBankCsvParser> | undefined;
  const stream: EventQueueStream<Uint8Array> = new EventQueueStream<Uint8Array>(
    chunks,
    (chunk) => parser?.push(chunk),
    () => parser?.end(),
    (issue) => {
      stream.push({ type: "issue", issue });
      stream.push({ type: "end", statements: 0, entries: 0, rejected: issue });
    },
  );
  parser = createBankCsvParser(options, stream.push);
  return stream;
}
