/**
 * The MT940/MT942 reader: text chunks in, statements and entries out through a {@link Mt940Sink}. It chains
 * the three stages — {@link LineSplitter} (line breaks), {@link FieldSplitter} (framing and fields) and
 * {@link StatementReader} (the statement state machine) — and is what both {@link parseMt940} (one string)
 * and {@link parseMt940Stream} (chunks) run.
 *
 * @module
 */
import { FieldSplitter } from "./field-splitter.js";
import { setKeepEntries } from "./keep-entries.js";
import { LineSplitter, MAX_LINE_CHARS } from "./line-splitter.js";
import { mt940Issue } from "./mt940-issues.js";
import type { Mt940Sink } from "./mt940-sink.js";
import { StatementReader, type StatementReaderOptions } from "./statement-reader.js";

/** A running reader. */
export interface Mt940Reader {
  /** Reads the next chunk of text; results go to the sink as they are complete. */
  feed(chunk: string): void;
  /** Ends the input and says what was found: how many statements, and whether there was any field at all. */
  end(): { readonly statements: number; readonly sawField: boolean };
}

/** Options of {@link createMt940Reader}. */
export interface Mt940ReaderOptions extends Omit<StatementReaderOptions, "hints"> {
  /**
   * Whether the caller keeps the entries, with the text they were read from (the whole-document parse), or hands
   * them on one by one (streaming): repeated texts are then pooled and values cut from the document's own lines,
   * measures that save memory only when entries are kept (see `keep-entries.ts`). Either way the entries are
   * the same.
   * @default true
   */
  readonly keepEntries?: boolean;
}

/** Creates a reader that hands its results to `sink`. */
export function createMt940Reader(sink: Mt940Sink, options: Mt940ReaderOptions): Mt940Reader {
  const { keepEntries = true, ...statementOptions } = options;
  let fields: FieldSplitter | undefined;
  const statements = new StatementReader(sink, {
    ...statementOptions,
    hints: () => {
      const envelopeAddress = fields?.envelopeAddress;
      return { headerLines: fields?.headerLines ?? [], ...(envelopeAddress === undefined ? {} : { envelopeAddress }) };
    },
  });
  const splitter = new FieldSplitter(statements);
  fields = splitter;
  const lines = new LineSplitter(
    (text, line) => splitter.line(text, line),
    (line) => sink.issue(mt940Issue("lineTooLong", `line is longer than ${MAX_LINE_CHARS} characters; the rest is not read`, line)),
  );
  return {
    feed(chunk) {
      const was = setKeepEntries(keepEntries);
      try {
        lines.feed(chunk);
      } finally {
        setKeepEntries(was);
      }
    },
    end() {
      const was = setKeepEntries(keepEntries);
      try {
        lines.end();
        splitter.end();
        statements.end();
      } finally {
        setKeepEntries(was);
      }
      return { statements: statements.statements, sawField: splitter.sawField };
    },
  };
}
