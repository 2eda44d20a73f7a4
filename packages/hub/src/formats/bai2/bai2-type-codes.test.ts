import { describe, expect, it } from "vitest";
import { bai2TypeCode, listedBai2TypeCodes } from "./bai2-type-codes.js";

describe("#bai2TypeCode", () => {
  const listed = listedBai2TypeCodes();

  it("lists every code of the BAI2 specification once, in order, with a description", () => {
    expect(listed.length).toBe(new Set(listed.map((c) => c.code)).size);
    expect(listed.map((c) => c.code)).toEqual([...listed.map((c) => c.code)].sort());
    expect(listed.length).toBeGreaterThan(400);
    for (const c of listed) expect(c.description.length, c.code).toBeGreaterThan(2);
  });

  it("gives credits to 100–399 and debits to 400–699, as the specification's ranges say", () => {
    for (const c of listed) {
      const n = Number(c.code);
      if (n >= 100 && n <= 399) expect(c.direction, c.code).toBe("credit");
      if (n >= 400 && n <= 699) expect(c.direction, c.code).toBe("debit");
      if (n < 100) expect(c.direction, c.code).toBe("status");
    }
  });

  it("knows loan codes: 701–709 status, 721–728 credits, 760 a debit, and 890 non-monetary", () => {
    expect(bai2TypeCode("701")).toMatchObject({ direction: "status", listed: true });
    expect(bai2TypeCode("722")).toMatchObject({ direction: "credit", level: "detail", description: "Amount Applied to Principal" });
    expect(bai2TypeCode("760")).toMatchObject({ direction: "debit", level: "summary" });
    expect(bai2TypeCode("890")).toMatchObject({ direction: "nonMonetary" });
  });

  it("derives unlisted codes from their reserved ranges: 706/708 loan status, 920–959 credit, 960–999 debit, 900–919 status", () => {
    expect(bai2TypeCode("706")).toMatchObject({ direction: "status", listed: false });
    expect(bai2TypeCode("708")).toMatchObject({ direction: "status", listed: false });
    expect(bai2TypeCode("950")).toMatchObject({ direction: "credit", listed: false });
    expect(bai2TypeCode("975")).toMatchObject({ direction: "debit", listed: false });
    expect(bai2TypeCode("901")).toMatchObject({ direction: "status", listed: false });
  });

  it("has no meaning for 829, other 800s and anything that is not three digits", () => {
    for (const code of ["829", "801", "", "12", "1000", "ABC", "1a2"]) expect(bai2TypeCode(code), code).toBeUndefined();
  });

  it("marks the detail reversal codes as reversals and nothing else", () => {
    expect(listed.filter((c) => c.reversal).map((c) => c.code)).toEqual(["252", "258", "395", "552", "558", "694"]);
  });
});
