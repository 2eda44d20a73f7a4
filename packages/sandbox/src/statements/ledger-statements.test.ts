import type { IsoDate, Statement } from "@bankbridge/hub/core";
import { bai2Writer, camt052Writer, camt053Writer, camt054Writer, defaultFormatRegistry, mt940Writer } from "@bankbridge/hub/formats";
import { describe, expect, it } from "vitest";
import { createSimClock } from "../clock/sim-clock.js";
import { createLedger } from "../ledger/create-ledger.js";
import { addDays, bookingNotification, endOfDayStatement, intradayReport } from "./ledger-statements.js";

const HOUR = 3_600_000;
/** 2026-03-02 09:30 in China. */
const START = Date.UTC(2026, 2, 2, 1, 30);

function build() {
  const clock = createSimClock({ startMs: START });
  const ledger = createLedger({ seed: "statements", clock, historyDays: 6 });
  return { clock, ledger };
}

const registry = defaultFormatRegistry();
const parse = (content: string, format: string) => registry.parse(new TextEncoder().encode(content), { format });

describe("ledger statements", () => {
  it("gives an ended day's statement whose balances close, with every booked entry of the day, and none for today", () => {
    const { ledger } = build();
    for (const account of ledger.accounts()) {
      const today = ledger.today(account.bankId);
      expect(endOfDayStatement(ledger, account.id, today)).toBeUndefined();
      const day = addDays(today, -1);
      const s = endOfDayStatement(ledger, account.id, day)!;
      const txs = ledger.transactions(account.id, { from: day, to: day });
      expect(s.entries.map((e) => e.references?.accountServicerReference)).toEqual(txs.map((t) => t.id));
      const moved = s.entries.reduce((sum, e) => sum + e.amount.minor, 0n);
      expect(s.openingBalance!.amount.minor + moved).toBe(s.closingBalance!.amount.minor);
      expect(s.closingBalance!.amount.minor).toBe(ledger.dailyBalances(account.id, day, day)[0]!.closingBooked);
    }
  });

  it("writes every account's statements for the past days in camt.053, MT940 and BAI2 that parse back closing, with the ledger's amounts", () => {
    const { ledger } = build();
    for (const account of ledger.accounts()) {
      const today = ledger.today(account.bankId);
      for (let d = 1; d <= 3; d++) {
        const day = addDays(today, -d) as IsoDate;
        const s = endOfDayStatement(ledger, account.id, day)!;
        for (const [writer, format] of [
          [camt053Writer, "camt.053"],
          [mt940Writer, "mt940"],
          [bai2Writer, "bai2"],
        ] as const) {
          const written = writer.write([s]);
          const parsed = parse(written.content, format);
          expect(parsed.rejected, `${format} ${account.id} ${day}`).toBeUndefined();
          expect(
            parsed.issues.filter((i) => i.severity === "error" || /MISMATCH|MISSING/.test(i.code)),
            `${format} ${account.id} ${day}`,
          ).toEqual([]);
          const back = parsed.statements[0] as Statement;
          expect(back.closingBalance?.amount.minor, format).toBe(s.closingBalance?.amount.minor);
          expect(back.entries.map((e) => e.amount.minor)).toEqual(s.entries.map((e) => e.amount.minor));
        }
      }
    }
  });

  it("reports intraday what booked up to the instant, and notifies one booking at a time", () => {
    const { clock, ledger } = build();
    clock.advance(10 * HOUR);
    const account = ledger.accounts("eubank")[0]!;
    const report = intradayReport(ledger, account.id, clock.now());
    const today = ledger.today("eubank");
    expect(report.entries.length).toBe(ledger.transactions(account.id, { from: today, to: today }).length);
    const written = camt052Writer.write([report]);
    const parsed = parse(written.content, "camt.052");
    expect(parsed.statements[0]?.kind).toBe("report");
    const tx = ledger.transactions(account.id).at(-1)!;
    const n = camt054Writer.write([bookingNotification(ledger, tx)]);
    expect(parse(n.content, "camt.054").statements[0]?.entries[0]?.amount.minor).toBe(tx.amount);
  });
});
