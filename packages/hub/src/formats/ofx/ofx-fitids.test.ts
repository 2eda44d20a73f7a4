import { describe, expect, it } from "vitest";
import { OfxFitIds } from "./ofx-fitids.js";

describe("OfxFitIds", () => {
  it("returns 0 for a new FITID and the first transaction's number for a repeated one", () => {
    const ids = new OfxFitIds();
    expect([ids.add("F1", 1), ids.add("F2", 2), ids.add("F1", 3), ids.add("F1", 4), ids.add("f1", 5)]).toEqual([0, 0, 1, 1, 0]);
  });

  it("finds repeats among many FITIDs, past the table's growth, without false ones", () => {
    const ids = new OfxFitIds();
    const n = 50_000;
    for (let i = 1; i <= n; i++) expect(ids.add(`2024${String(i).padStart(12, "0")}`, i)).toBe(0);
    for (let i = 1; i <= n; i += 997) expect(ids.add(`2024${String(i).padStart(12, "0")}`, n + i)).toBe(i);
  });

  it("remembers the first 98,304 FITIDs of a statement and still finds repeats of them after that", () => {
    const ids = new OfxFitIds();
    const n = 150_000;
    for (let i = 1; i <= n; i++) ids.add(`F${i}`, i);
    expect([ids.add("F1", n + 1), ids.add("F98304", n + 2), ids.add("F98305", n + 3), ids.add(`F${n}`, n + 4)]).toEqual([1, 98304, 0, 0]);
  });

  it("finds a remembered FITID without remembering the ones it looks up", () => {
    const ids = new OfxFitIds();
    ids.add("F1", 1);
    expect([ids.find("F1"), ids.find("F2"), ids.find("F2")]).toEqual([1, 0, 0]);
    // A look-up that found nothing leaves no trace: the next add still takes the FITID as new.
    expect([ids.add("F2", 2), ids.find("F2"), ids.add("F3", 3), ids.find("F3")]).toEqual([0, 2, 0, 3]);
    for (let i = 4; i <= 1000; i++) ids.add(`F${i}`, i);
    expect([ids.find("F1"), ids.find("F500"), ids.find("F1001")]).toEqual([1, 500, 0]);
  });
});
