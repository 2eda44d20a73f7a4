import { describe, expect, it } from "vitest";
import type { Issue } from "../../core/index.js";
import { parseOfx } from "./parse-ofx.js";
import { parseOfxStream } from "./parse-ofx-stream.js";

// A STATUS aggregate answers each request of an OFX response (sign-on, a statement request). Code 0 is success; a
// bank that answers a statement request with an error may still send a statement, which may then be incomplete.

const context = { format: "ofx", encoding: "utf-8" };
const SGML_HEADER = "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n";
const STATEMENT =
  "<STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>2<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1.00<FITID>A</STMTTRN></BANKTRANLIST></STMTRS>";
const ERROR = "<STATUS><CODE>2000<SEVERITY>ERROR<MESSAGE>General error</STATUS>";
const OK = "<STATUS><CODE>0<SEVERITY>INFO</STATUS>";

/** A document with one statement response: `before` and `after` its STMTRS (which `statement` leaves out when false). */
function doc(before: string, after = "", statement = true): string {
  return `${SGML_HEADER}<OFX><SIGNONMSGSRSV1><SONRS>${OK}</SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS><TRNUID>1${before}${statement ? STATEMENT : ""}${after}</STMTTRNRS></BANKMSGSRSV1></OFX>`;
}

/** The issues of the streaming parser fed `text` in pieces of `size`, and how many entries it handed on. */
async function streamed(text: string, size: number) {
  const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
  const issues: Issue[] = [];
  let entries = 0;
  for await (const e of parseOfxStream(chunks)) {
    if (e.type === "issue") issues.push(e.issue);
    else if (e.type === "entry") entries++;
  }
  return { entries, issues };
}

describe("OFX STATUS", () => {
  it("says of an error status over a statement that its response holds one, which may be incomplete, whole and streamed", async () => {
    const path = "/OFX/BANKMSGSRSV1/STMTTRNRS[1]/STMTRS";
    for (const text of [doc(ERROR), doc("", ERROR)]) {
      const r = parseOfx(text, context);
      expect(r.statements[0]?.entries).toHaveLength(1);
      expect(r.issues).toEqual([
        {
          severity: "error",
          code: "OFX_SERVER_STATUS",
          message:
            "the bank answered the statement request with status 2000 (ERROR): General error; its response holds a statement all the same, which may be incomplete",
          path: "/OFX/BANKMSGSRSV1",
          details: { code: "2000", severity: "ERROR", message: "General error", statement: path },
        },
      ]);
      for (const size of [1, 9, 4096]) expect(await streamed(text, size)).toEqual({ entries: 1, issues: r.issues });
    }
  });

  it("says nothing of a statement for an error status of a response without one, which refuses the document", () => {
    const r = parseOfx(doc(ERROR, "", false), context);
    expect(r.rejected?.code).toBe("OFX_SERVER_STATUS");
    expect(r.issues.map((i) => [i.message, i.details])).toEqual([
      [
        "the bank answered the statement request with status 2000 (ERROR): General error",
        { code: "2000", severity: "ERROR", message: "General error" },
      ],
    ]);
  });

  it("does not say a statement was read when the statement of an error response cannot be read", () => {
    // The status is reported as its statement begins, before anyone knows whether it can be read: one without an
    // ACCTID is not, and the refusal (the bank's error, the likelier reason) said "the statement … was read".
    const r = parseOfx(doc(ERROR).replace("<ACCTID>2", ""), context);
    expect(r.statements).toEqual([]);
    expect(r.rejected?.code).toBe("OFX_SERVER_STATUS");
    expect(r.issues.map((i) => i.code)).toEqual(["OFX_SERVER_STATUS", "OFX_ACCOUNT_MISSING"]);
    expect(r.rejected?.message).toBe(
      "the bank answered the statement request with status 2000 (ERROR): General error; its response holds a statement all the same, which may be incomplete",
    );
    expect(r.rejected?.details?.statement).toBe("/OFX/BANKMSGSRSV1/STMTTRNRS[1]/STMTRS");
  });

  it("takes a code of zeros (0000) for success, as 0", () => {
    expect(parseOfx(doc("<STATUS><CODE>0000<SEVERITY>INFO</STATUS>"), context).issues).toEqual([]);
    expect(parseOfx(doc("<STATUS><CODE>000000</CODE><SEVERITY>INFO</SEVERITY></STATUS>"), context).issues).toEqual([]);
  });
});
