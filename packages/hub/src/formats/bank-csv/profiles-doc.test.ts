/**
 * `docs/profiles.md` and the code cannot drift apart: its full example profile is valid, reads its example export
 * to exactly what the page says, and the page lists every built-in profile.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatMoney } from "../../core/index.js";
import { applyProfile } from "./apply-profile.js";
import { builtinProfiles } from "./builtin-profiles.js";
import { readCsvRows } from "./csv-reader.js";
import type { MappingProfile } from "./mapping-profile.js";
import { validateProfile } from "./validate-profile.js";

const doc = readFileSync(new URL("../../../../../docs/profiles.md", import.meta.url), "utf8");
const example = doc.slice(doc.indexOf("## Full example"));
const block = (lang: string) => {
  const m = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(example);
  if (m?.[1] === undefined) throw new Error(`no ${lang} block in the full example`);
  return m[1];
};

describe("docs/profiles.md", () => {
  it("has a full example profile that is valid", () => {
    expect(validateProfile(JSON.parse(block("json"))).issues).toEqual([]);
  });

  it("reads its example export to what the page says", () => {
    const profile = validateProfile(JSON.parse(block("json"))).profile as MappingProfile;
    const result = applyProfile(readCsvRows(block("csv")), profile, { format: "bank-csv", encoding: "utf-8" });
    expect(result.issues).toEqual([]);
    const [s] = result.statements;
    expect(s?.account).toMatchObject({ id: "6222****0001", currency: "CNY", bank: { cnBankCode: "102" } });
    expect([formatMoney(s?.openingBalance?.amount as never), s?.openingBalance?.date]).toEqual(["10000.00", "2024-03-01"]);
    expect([formatMoney(s?.closingBalance?.amount as never), s?.closingBalance?.date]).toEqual(["17943.20", "2024-03-02"]);
    expect(
      s?.entries.map((e) => [formatMoney(e.amount), e.counterparty?.name, e.remittance?.unstructured, e.references?.bankReference]),
    ).toEqual([
      ["8000.00", "示例科技有限公司", ["三月工资"], "K0001"],
      ["-56.80", "深圳市财付通支付科技有限公司", undefined, "K0002"],
    ]);
  });

  it("lists every built-in profile", () => {
    const listed = doc.slice(doc.indexOf("## Built-in profiles"));
    for (const p of builtinProfiles) expect(listed, p.id).toContain(`\`${p.id}\``);
  });
});
