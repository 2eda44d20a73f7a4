/**
 * A realistic camt.053 document of any size, written to a file in blocks (no string of the whole document):
 * single transfers with parties, agents, references and remittance; card payments with an exchange rate and
 * a fee; batches of several transactions; pending entries; balances that close. `version` picks the shape:
 * 001.08 (BICFI, `<Pty>`, `<Sts><Cd>`), 001.04 (what aqbanking's `camt_053_001_04` profile reads) or 001.02
 * (the only shape iso20022.js reads without crashing).
 *
 * @module
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { seededRandom } from "@bankbridge/hub/testing";

/** The camt.053 version of a sample. */
export type CamtVersion = "08" | "04" | "02";

const NAMES = [
  "Müller &amp; Söhne GmbH",
  "Société Générale Équipement SA",
  "Ødegård Fiskeri AS",
  "ACME Industrial Supplies Ltd",
  "Jansen Logistiek B.V.",
];
const TOWNS = ["München", "Paris", "Bergen", "London", "Rotterdam"];

function amountText(r: () => number): string {
  return (1 + Math.floor(r() * 9_999_999) / 100).toFixed(2);
}

function party(v: CamtVersion, role: "Dbtr" | "Cdtr", name: string, iban: string, town: string): string {
  // 001.08 wraps the party in <Pty>; earlier versions do not (iso20022.js only reads the older shape).
  const open = v === "08" ? "                <Pty>\n" : "";
  const close = v === "08" ? "                </Pty>\n" : "";
  return `              <${role}>
${open}                  <Nm>${name}</Nm>
                  <PstlAdr>
                    <StrtNm>Hauptstraße</StrtNm>
                    <BldgNb>12</BldgNb>
                    <PstCd>80331</PstCd>
                    <TwnNm>${town}</TwnNm>
                    <Ctry>DE</Ctry>
                  </PstlAdr>
${close}              </${role}>
              <${role}Acct>
                <Id>
                  <IBAN>${iban}</IBAN>
                </Id>
              </${role}Acct>
`;
}

function transaction(v: CamtVersion, r: () => number, n: number, k: number, amount: string, credit: boolean): string {
  const name = NAMES[Math.floor(r() * NAMES.length)]!;
  const iban = `DE${String(10 + Math.floor(r() * 89))}${String(Math.floor(r() * 1e9)).padStart(9, "0")}${String(Math.floor(r() * 1e9)).padStart(9, "0")}`;
  const side = credit ? "Dbtr" : "Cdtr";
  return `          <TxDtls>
            <Refs>
              <AcctSvcrRef>TX${n}-${k}</AcctSvcrRef>
              <EndToEndId>E2E-${n}-${k}</EndToEndId>
${v === "08" ? `              <UETR>${(n * 7919 + k).toString(16).padStart(8, "0")}-4a5b-4c6d-8e9f-${n.toString(16).padStart(12, "0")}</UETR>\n` : ""}            </Refs>
${
  // 001.02 has no amount of its own on a transaction, only the amount details.
  v === "02"
    ? `            <AmtDtls>\n              <TxAmt>\n                <Amt Ccy="EUR">${amount}</Amt>\n              </TxAmt>\n            </AmtDtls>`
    : `            <Amt Ccy="EUR">${amount}</Amt>\n            <CdtDbtInd>${credit ? "CRDT" : "DBIT"}</CdtDbtInd>`
}
            <RltdPties>
${party(v, side, name, iban, TOWNS[n % TOWNS.length]!)}            </RltdPties>
            <RltdAgts>
              <${side}Agt>
                <FinInstnId>
                  <${v === "02" ? "BIC" : "BICFI"}>COBADEFFXXX</${v === "02" ? "BIC" : "BICFI"}>
                </FinInstnId>
              </${side}Agt>
            </RltdAgts>
            <RmtInf>
              <Ustrd>Invoice ${n}-${k} / order ${Math.floor(r() * 1e6)} / thank you</Ustrd>
            </RmtInf>
          </TxDtls>
`;
}

/** One `<Ntry>`: 70% single transfers, 15% card payments in USD, 10% batches of 2–4, 5% pending. */
function entry(v: CamtVersion, r: () => number, n: number): { xml: string; minor: bigint } {
  const kind = r();
  const credit = r() < 0.5;
  const day = String(1 + (n % 28)).padStart(2, "0");
  const status = kind > 0.95 ? "PDNG" : "BOOK";
  let amount = amountText(r);
  let details = "";
  let extra = "";
  if (kind < 0.7) details = transaction(v, r, n, 1, amount, credit);
  else if (kind < 0.85) {
    extra = `        <AmtDtls>
          <InstdAmt>
            <Amt Ccy="USD">${amount}</Amt>
            <CcyXchg>
              <SrcCcy>USD</SrcCcy>
              <TrgtCcy>EUR</TrgtCcy>
              <XchgRate>0.9231</XchgRate>
            </CcyXchg>
          </InstdAmt>
        </AmtDtls>
${
  // 001.02 lists charges directly; later versions wrap each in <Rcrd>.
  v === "02"
    ? `        <Chrgs>\n          <Amt Ccy="EUR">0.50</Amt>\n          <CdtDbtInd>DBIT</CdtDbtInd>\n        </Chrgs>\n`
    : `        <Chrgs>\n          <Rcrd>\n            <Amt Ccy="EUR">0.50</Amt>\n            <CdtDbtInd>DBIT</CdtDbtInd>\n            <ChrgInclInd>true</ChrgInclInd>\n          </Rcrd>\n        </Chrgs>\n`
}`;
  } else if (kind < 0.95) {
    const count = 2 + Math.floor(r() * 3);
    let total = 0n;
    for (let k = 1; k <= count; k++) {
      const a = amountText(r);
      total += BigInt(a.replace(".", ""));
      details += transaction(v, r, n, k, a, credit);
    }
    amount = `${total / 100n}.${String(total % 100n).padStart(2, "0")}`;
    details = `          <Btch>
            <NbOfTxs>${count}</NbOfTxs>
          </Btch>
${details}`;
  }
  const xml = `      <Ntry>
        <Amt Ccy="EUR">${amount}</Amt>
        <CdtDbtInd>${credit ? "CRDT" : "DBIT"}</CdtDbtInd>
        ${v === "08" ? `<Sts>\n          <Cd>${status}</Cd>\n        </Sts>` : `<Sts>${status}</Sts>`}
        <BookgDt>
          <Dt>2024-03-${day}</Dt>
        </BookgDt>
        <ValDt>
          <Dt>2024-03-${day}</Dt>
        </ValDt>
        <AcctSvcrRef>REF${String(n).padStart(10, "0")}</AcctSvcrRef>
        <BkTxCd>
          <Domn>
            <Cd>PMNT</Cd>
            <Fmly>
              <Cd>${credit ? "RCDT" : "ICDT"}</Cd>
              <SubFmlyCd>ESCT</SubFmlyCd>
            </Fmly>
          </Domn>
        </BkTxCd>
${extra}${details === "" ? "" : `        <NtryDtls>\n${details}        </NtryDtls>\n`}        <AddtlNtryInf>SEPA Credit Transfer</AddtlNtryInf>
      </Ntry>
`;
  const minor = status === "BOOK" ? BigInt(amount.replace(".", "")) * (credit ? 1n : -1n) : 0n;
  return { xml, minor };
}

/**
 * Writes a camt.053.001.08 document of about `mb` MB with balances that close to `file`, in blocks (so that
 * `--mb 1000` works: no string of the whole document is built); returns its entry count. The entries are made
 * twice from the same seed: first to know the closing balance the header states, then to write them.
 */
export function writeCamtSample(file: string, mb: number, v: CamtVersion = "08"): number {
  let r = seededRandom(2024);
  let size = 0;
  let entries = 0;
  let net = 0n;
  while (size < mb * 1e6) {
    const e = entry(v, r, ++entries);
    size += e.xml.length;
    net += e.minor;
  }
  const open = 1_000_000_00n;
  const close = open + net;
  const money = (m: bigint) => `${(m < 0n ? -m : m) / 100n}.${String((m < 0n ? -m : m) % 100n).padStart(2, "0")}`;
  const balance = (code: string, m: bigint, date: string) => `      <Bal>
        <Tp>
          <CdOrPrtry>
            <Cd>${code}</Cd>
          </CdOrPrtry>
        </Tp>
        <Amt Ccy="EUR">${money(m)}</Amt>
        <CdtDbtInd>${m < 0n ? "DBIT" : "CRDT"}</CdtDbtInd>
        <Dt>
          <Dt>${date}</Dt>
        </Dt>
      </Bal>
`;
  const head = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.${v}">
  <BkToCstmrStmt>
    <GrpHdr>
      <MsgId>QUICK-0001</MsgId>
      <CreDtTm>2024-04-01T06:00:00+02:00</CreDtTm>
    </GrpHdr>
    <Stmt>
      <Id>STMT-0001</Id>
      <ElctrncSeqNb>1</ElctrncSeqNb>
      <CreDtTm>2024-04-01T06:00:00+02:00</CreDtTm>
      <Acct>
        <Id>
          <IBAN>DE89370400440532013000</IBAN>
        </Id>
        <Ccy>EUR</Ccy>
        <Svcr>
          <FinInstnId>
            <${v === "02" ? "BIC" : "BICFI"}>COBADEFFXXX</${v === "02" ? "BIC" : "BICFI"}>
          </FinInstnId>
        </Svcr>
      </Acct>
${balance("OPBD", open, "2024-03-01")}${balance("CLBD", close, "2024-03-31")}`;
  const tail = `    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
  const fd = openSync(file, "w");
  try {
    writeSync(fd, head);
    r = seededRandom(2024);
    let block: string[] = [];
    for (let n = 1; n <= entries; n++) {
      block.push(entry(v, r, n).xml);
      if (block.length === 500) {
        writeSync(fd, block.join(""));
        block = [];
      }
    }
    writeSync(fd, block.join("") + tail);
  } finally {
    closeSync(fd);
  }
  return entries;
}
