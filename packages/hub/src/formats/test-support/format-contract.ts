/**
 * The contract suite every format passes (after Hono's `runTest` for routers): each format's test calls
 * {@link runFormatContract} with its samples and it checks what the framework promises callers.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Statement, statementsFromJson, statementToJson } from "../../core/index.js";
import type { StatementFormat } from "../format.js";
import { createFormatRegistry } from "../registry.js";

/** A document a format must read. */
export interface FormatSample {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** How many statements it holds, when known. */
  readonly statements?: number;
}

/** Options of {@link runFormatContract}. */
export interface FormatContractOptions {
  readonly format: StatementFormat;
  /** Valid documents of the format (real files where the corpus has them). */
  readonly samples: readonly FormatSample[];
  /** Documents of other formats the format must not claim. */
  readonly others?: readonly FormatSample[];
  /** Random mutation runs per sample. @default 30 */
  readonly mutationRuns?: number;
}

function modelRoundTrip(statements: readonly Statement[]): void {
  const json = JSON.parse(JSON.stringify(statements.map(statementToJson))) as unknown;
  const decoded = statementsFromJson(json);
  expect(decoded.issues).toEqual([]);
  expect(decoded.statements).toEqual(statements);
}

/** Runs the contract for one format. */
export function runFormatContract({ format, samples, others = [], mutationRuns = 30 }: FormatContractOptions): void {
  const registry = createFormatRegistry([format]);

  describe(`${format.id} format contract`, () => {
    it("has samples to test with", () => {
      expect(samples.length).toBeGreaterThan(0);
    });

    for (const sample of samples) {
      describe(sample.name, () => {
        it("is recognised by sniff", () => {
          expect(registry.detect(sample.bytes)?.format.id).toBe(format.id);
        });

        it("parses without being rejected, into statements that are valid canonical model", () => {
          const parsed = registry.parse(sample.bytes);
          expect(parsed.rejected).toBeUndefined();
          expect(parsed.format).toBe(format.id);
          if (sample.statements !== undefined) expect(parsed.statements).toHaveLength(sample.statements);
          else expect(parsed.statements.length).toBeGreaterThan(0);
          modelRoundTrip(parsed.statements);
        });

        it("parses the same way twice", () => {
          expect(registry.parse(sample.bytes)).toEqual(registry.parse(sample.bytes));
        });

        it("never throws on truncated or mutated copies", () => {
          fc.assert(
            fc.property(
              fc.integer({ min: 0, max: sample.bytes.length }),
              fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
              (cut, edits) => {
                // A copy: Buffer#slice would be a view, and the edits below would corrupt the sample itself.
                const bytes = Uint8Array.from(sample.bytes.subarray(0, Math.max(cut, 1)));
                for (const [at, value] of edits) if (bytes.length > 0) bytes[at % bytes.length] = value;
                const parsed = registry.parse(bytes, { format: format.id });
                expect(Array.isArray(parsed.issues)).toBe(true);
                if (parsed.rejected === undefined) modelRoundTrip(parsed.statements);
              },
            ),
            { numRuns: mutationRuns },
          );
        });
      });
    }

    it("refuses empty, blank and binary input with an issue instead of throwing", () => {
      for (const bytes of [
        new Uint8Array(0),
        new TextEncoder().encode("   \n\n"),
        Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256),
      ]) {
        const parsed = registry.parse(bytes, { format: format.id });
        expect(parsed.issues.length + parsed.statements.length).toBeGreaterThan(0);
      }
    });

    for (const other of others) {
      it(`does not claim ${other.name}`, () => {
        expect(
          format.sniff({ head: other.bytes.subarray(0, 65536), text: new TextDecoder().decode(other.bytes.subarray(0, 65536)) }),
        ).toBeLessThan(0.5);
      });
    }
  });
}
