import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMoney, compareMoney, type Money } from "../../core/index.js";
import { decodeDocument } from "../encoding.js";
import { generateMt940 } from "./generate-mt940.js";
import { parseMt940 } from "./parse-mt940.js";
import { type Mt940StreamEvent, parseMt940Stream } from "./parse-mt940-stream.js";
import { CORPUS_MISSING, mt940CorpusFiles } from "./test-support/corpus.js";
import { collectStreamed } from "./test-support/read-streamed.js";

const context = { format: "mt940", encoding: "utf-8" } as const;

/** Splits `text` into chunks of the given sizes, cycling through them. */
function chunked(text: string, sizes: readonly number[]): string[] {
  const chunks: string[] = [];
  for (let at = 0, i = 0; at < text.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length] ?? 1);
    chunks.push(text.slice(at, at + size));
    at += size;
  }
  return chunks;
}

/** The stream's events put back together into what `parseMt940` returns. */
const collect = (chunks: Iterable<string> | AsyncIterable<string>) => collectStreamed(chunks, context);

const generated = [...generateMt940({ chars: 60_000, entriesPerStatement: 12 })].join("");

describe("parseMt940Stream", () => {
  it("yields statement head, entries and statement end in document order", async () => {
    const events: Mt940StreamEvent["type"][] = [];
    for await (const event of parseMt940Stream([generated.slice(0, 5_000)], context))
      if (events.at(-1) !== event.type || event.type !== "entry") events.push(event.type);
    expect(events.slice(0, 3)).toEqual(["statement", "entry", "statementEnd"]);
  });

  it("gives the same statements and issues as parseMt940, however the text is cut into chunks (CRLF pairs included)", async () => {
    const whole = parseMt940(generated, context);
    for (const sizes of [[1], [2], [7, 1, 13], [4096], [generated.length]]) {
      expect(await collect(chunked(generated, sizes))).toEqual(whole);
    }
  });

  it("gives the same result for any chunking of a document with CR, LF and CRLF line ends", async () => {
    const mixed = generated.slice(0, 8_000).replace(/\r\n/g, (m, at: number) => (at % 3 === 0 ? "\r" : at % 3 === 1 ? "\n" : m));
    const whole = parseMt940(mixed, context);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 20 }), async (sizes) => {
        expect(await collect(chunked(mixed, sizes))).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });

  it("reads async iterables of chunks too, and refuses a document without statements at its end", async () => {
    async function* source() {
      yield ":61:1409010902DR1,62NTRF";
      yield "\n";
    }
    const result = await collect(source());
    expect(result.rejected?.code).toBe("MT940_NO_STATEMENT");
  });

  it.skipIf(CORPUS_MISSING !== undefined)("reads every corpus file like parseMt940, in 64-character chunks", async () => {
    for (const file of mt940CorpusFiles()) {
      const { text } = decodeDocument(file.bytes);
      expect(await collect(chunked(text, [64])), file.name).toEqual(parseMt940(text, context));
    }
  });

  it("reads a generated 300 MB stream, never stored, with less than 150 MB of memory growth", async () => {
    // A warm-up run first, so the engine's code and caches are in place before the baseline is taken.
    for await (const _ of parseMt940Stream(generateMt940({ chars: 2_000_000, seed: 2 }), context)) {
      // nothing: only the warm-up matters
    }
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let entries = 0;
    let chars = 0;
    let opened: Money | undefined;
    let moved: Money | undefined;
    let unbalanced = 0;
    const counted = (function* () {
      for (const chunk of generateMt940({ chars: 300_000_000, seed: 3 })) {
        chars += chunk.length;
        yield chunk;
      }
    })();
    for await (const event of parseMt940Stream(counted, context)) {
      if (event.type === "statement") {
        opened = event.statement.openingBalance?.amount;
        moved = undefined;
      } else if (event.type === "entry") {
        entries++;
        moved = moved === undefined ? event.entry.amount : addMoney(moved, event.entry.amount);
        if (entries % 20_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
      } else if (event.type === "statementEnd") {
        const closing = event.statement.closingBalance?.amount;
        const expected = opened === undefined || moved === undefined ? opened : addMoney(opened, moved);
        if (closing === undefined || expected === undefined || compareMoney(expected, closing) !== 0) unbalanced++;
      } else throw new Error(`unexpected issue ${event.issue.code}: ${event.issue.message}`);
    }
    const growthMiB = (peak - baseline) / 2 ** 20;
    expect(chars).toBeGreaterThan(300_000_000);
    expect(entries).toBeGreaterThan(1_000_000);
    expect(unbalanced).toBe(0);
    expect(growthMiB).toBeLessThan(150);
  }, 300_000);
});
