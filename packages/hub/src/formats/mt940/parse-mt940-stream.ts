/**
 * MT940/MT942 from a stream of text chunks, for files too large to hold: statement heads, entries and
 * statement ends are yielded as they are read, so memory stays at one entry and one line, whatever the file's
 * size. Same reader, same results as {@link parseMt940}.
 *
 * @module
 */
import type { Entry, Issue, Statement } from "../../core/index.js";
import type { ParseContext } from "../format.js";
import { createMt940Reader } from "./mt940-reader.js";
import { mt940Rejection } from "./parse-mt940.js";

/** Text read before the events it produced are yielded. */
const SLICE_CHARS = 16_384;

/** What {@link parseMt940Stream} yields, in document order. */
export type Mt940StreamEvent =
  /** A statement's head: everything before its first entry (`entries` empty, no closing balance yet). */
  | { readonly type: "statement"; readonly statement: Statement }
  | { readonly type: "entry"; readonly entry: Entry }
  /** The statement complete except its entries, which were yielded one by one (`entries` is empty). */
  | { readonly type: "statementEnd"; readonly statement: Statement }
  /** A finding; `rejected` on the last one when the document gave no statement at all. */
  | { readonly type: "issue"; readonly issue: Issue; readonly rejected?: true };

/**
 * Reads MT940 (or MT942, with `context.format` `mt942`) from `chunks` of decoded text. Chunks may cut lines,
 * and CRLF pairs, anywhere. Never throws on bad input.
 *
 * @example
 * for await (const event of parseMt940Stream(createReadStream(path, "latin1"), { format: "mt940", encoding: "windows-1252" })) {
 *   if (event.type === "entry") total += event.entry.amount.minor;
 * }
 */
export async function* parseMt940Stream(
  chunks: AsyncIterable<string> | Iterable<string>,
  context: ParseContext,
): AsyncGenerator<Mt940StreamEvent, void, undefined> {
  const queue: Mt940StreamEvent[] = [];
  const reader = createMt940Reader(
    {
      statementStart: (statement) => queue.push({ type: "statement", statement }),
      entry: (entry) => queue.push({ type: "entry", entry }),
      statementEnd: (statement) => queue.push({ type: "statementEnd", statement }),
      issue: (issue) => queue.push({ type: "issue", issue }),
    },
    {
      kind: context.format === "mt942" ? "report" : "statement",
      ...(context.documentId === undefined ? {} : { documentId: context.documentId }),
    },
  );
  for await (const chunk of chunks) {
    // Large chunks are read a slice at a time and each slice's events are yielded before the next is read,
    // so what waits in the queue is bounded by the slice, not by the chunk a caller happens to pass.
    for (let at = 0; at < chunk.length; at += SLICE_CHARS) {
      reader.feed(chunk.length <= SLICE_CHARS ? chunk : chunk.slice(at, at + SLICE_CHARS));
      for (let i = 0; i < queue.length; i++) yield queue[i] as Mt940StreamEvent;
      queue.length = 0;
    }
  }
  const found = reader.end();
  for (let i = 0; i < queue.length; i++) yield queue[i] as Mt940StreamEvent;
  queue.length = 0;
  const rejected = mt940Rejection(found);
  if (rejected !== undefined) yield { type: "issue", issue: rejected, rejected: true };
}
