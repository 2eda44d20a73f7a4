/**
 * The parties of a camt.053.001.08 entry as the parser reads them back: the counterparty on the debtor side of a
 * credit and the creditor side of a debit (the other way round for a reversal), its account, agent and ultimate
 * party, the SEPA creditor id on the creditor; and the account and institution identifications they use.
 *
 * @module
 */
import { type Party, tryBic } from "../../core/index.js";
import type { XmlOut } from "./camt-xml-out.js";

/** `IBAN2007Identifier`. */
const IBAN = /^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{1,30}$/;
const COUNTRY = /^[A-Z]{2}$/;

/** An account `Id`: `IBAN` when it is one, else `Othr` with the scheme as `SchmeNm` (BBAN, or `CN` for 账号). */
export function writeAccountId(out: XmlOut, id: string, scheme: string | undefined, path: string): void {
  out.open("Id");
  if (scheme === "iban" && IBAN.test(id)) out.leaf("IBAN", id);
  else {
    if (scheme === "iban") out.lose("iban", "an IBAN that does not have the IBAN form is written as another account number", path);
    out.open("Othr");
    out.text("Id", id, 34, path);
    if (scheme === "bban" || scheme === "cn") {
      out.open("SchmeNm");
      if (scheme === "bban") out.leaf("Cd", "BBAN");
      else out.leaf("Prtry", "CN");
      out.close("SchmeNm");
    }
    out.close("Othr");
  }
  out.close("Id");
}

/** `FinInstnId` of a bank given as one identifier: a BIC, else a clearing member id. */
export function writeInstitution(out: XmlOut, id: string | undefined, name: string | undefined, path: string): void {
  out.open("FinInstnId");
  if (id !== undefined) {
    const bic = tryBic(id);
    if (bic !== undefined && bic === id) out.leaf("BICFI", bic);
    else {
      out.open("ClrSysMmbId");
      out.text("MmbId", id, 35, path);
      out.close("ClrSysMmbId");
    }
  }
  out.text("Nm", name, 140, path);
  out.close("FinInstnId");
}

/** One party (`Dbtr`/`Cdtr`/`UltmtDbtr`/`UltmtCdtr`) as `Pty`, with its identifiers as `OrgId/Othr`. */
function writeParty(
  out: XmlOut,
  role: string,
  name: string | undefined,
  address: readonly string[] | undefined,
  ids: readonly (readonly [string, string | undefined])[],
  path: string,
): void {
  const idList = ids.filter((i): i is readonly [string, string] => i[1] !== undefined);
  if (name === undefined && (address === undefined || address.length === 0) && idList.length === 0) return;
  out.open(role);
  out.open("Pty");
  out.text("Nm", name, 140, `${path}/name`);
  if (address !== undefined && address.length > 0) {
    if (address.length > 7) out.lose("address", "a postal address of more than 7 lines is cut to 7", `${path}/address`);
    out.open("PstlAdr");
    address.slice(0, 7).forEach((line, i) => {
      out.text("AdrLine", line, 70, `${path}/address/${i}`);
    });
    out.close("PstlAdr");
  }
  if (idList.length > 0) {
    out.open("Id");
    out.open("OrgId");
    for (const [scheme, id] of idList) {
      out.open("Othr");
      out.text("Id", id, 35, path);
      if (scheme !== "") {
        out.open("SchmeNm");
        out.leaf("Prtry", scheme);
        out.close("SchmeNm");
      }
      out.close("Othr");
    }
    out.close("OrgId");
    out.close("Id");
  }
  out.close("Pty");
  out.close(role);
}

/**
 * `RltdPties` and `RltdAgts`: the counterparty on the debtor side of a credit and the creditor side of a debit
 * (reversed for a reversal, as the parser reads it), and the SEPA creditor id on the creditor.
 */
export function writeParties(
  out: XmlOut,
  party: Party | undefined,
  creditorId: string | undefined,
  debtorSide: boolean,
  path: string,
): void {
  const p = party ?? {};
  const cp = `${path}/counterparty`;
  const hasParty = p.name !== undefined || p.address !== undefined || p.partyId !== undefined;
  if (hasParty || p.account !== undefined || p.ultimateName !== undefined || creditorId !== undefined) {
    out.open("RltdPties");
    const side = debtorSide ? "Dbtr" : "Cdtr";
    const sepa = creditorId === undefined ? [] : ([["SEPA", creditorId]] as const);
    const counterpartyIds = [["", p.partyId] as const, ...(debtorSide ? [] : sepa)];
    const write = (role: "Dbtr" | "Cdtr") => {
      if (role === side) {
        writeParty(out, role, p.name, p.address, counterpartyIds, cp);
        if (p.account !== undefined) {
          out.open(`${role}Acct`);
          writeAccountId(out, p.account, p.accountScheme, `${cp}/account`);
          out.close(`${role}Acct`);
        }
        if (p.ultimateName !== undefined) writeParty(out, `Ultmt${role}`, p.ultimateName, undefined, [], `${cp}/ultimateName`);
      } else if (role === "Cdtr" && creditorId !== undefined)
        writeParty(out, "Cdtr", undefined, undefined, sepa, `${path}/references/creditorId`);
    };
    write("Dbtr");
    write("Cdtr");
    out.close("RltdPties");
  }
  if (p.bankId !== undefined || p.bankName !== undefined) {
    out.open("RltdAgts");
    const role = debtorSide ? "DbtrAgt" : "CdtrAgt";
    out.open(role);
    writeInstitution(out, p.bankId, p.bankName, `${cp}/bankId`);
    out.close(role);
    out.close("RltdAgts");
  }
}

/** Whether an account or bank country has the schema's form. */
export function isCountry(value: string): boolean {
  return COUNTRY.test(value);
}
