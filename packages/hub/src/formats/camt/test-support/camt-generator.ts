/**
 * Test support: a large camt.053.001.08 generated as it is read, never held: chunks of about 64 KiB of realistic
 * entries (a transfer with parties, agents, references and remittance; every fifth a batch of two), between a
 * header whose balances close over all of them and the closing tags.
 *
 * @module
 */

/** What a generated document holds, known before it is read. */
export interface GeneratedCamt {
  /** The document's text in chunks, made on demand. */
  readonly chunks: Iterable<string>;
  /** Entries in it. */
  readonly entries: number;
  /** Its length in UTF-16 code units (its UTF-8 size is a little more: it has a few two-byte characters). */
  readonly length: number;
}

const AMOUNTS = ["12.50", "1999.99", "0.01", "250.00", "73.10"];

function entry(n: number): string {
  const credit = n % 2 === 0;
  const amount = AMOUNTS[n % AMOUNTS.length]!;
  const side = credit ? "Dbtr" : "Cdtr";
  const batch = n % 5 === 0;
  const tx = (k: number, a: string) => `          <TxDtls>
            <Refs>
              <EndToEndId>E2E-${n}-${k}</EndToEndId>
            </Refs>
            <Amt Ccy="EUR">${a}</Amt>
            <CdtDbtInd>${credit ? "CRDT" : "DBIT"}</CdtDbtInd>
            <RltdPties>
              <${side}>
                <Pty>
                  <Nm>Müller &amp; Söhne ${n % 97}</Nm>
                </Pty>
              </${side}>
              <${side}Acct>
                <Id>
                  <IBAN>DE02370400440532013${String(n % 1000).padStart(3, "0")}</IBAN>
                </Id>
              </${side}Acct>
            </RltdPties>
            <RltdAgts>
              <${side}Agt>
                <FinInstnId>
                  <BICFI>COBADEFFXXX</BICFI>
                </FinInstnId>
              </${side}Agt>
            </RltdAgts>
            <RmtInf>
              <Ustrd>Invoice ${n}-${k} thank you</Ustrd>
            </RmtInf>
          </TxDtls>
`;
  const details = batch
    ? `          <Btch>\n            <NbOfTxs>2</NbOfTxs>\n          </Btch>\n${tx(1, amount)}${tx(2, amount)}`
    : tx(1, amount);
  const total = batch ? ((Number(amount.replace(".", "")) * 2) / 100).toFixed(2) : amount;
  return `      <Ntry>
        <Amt Ccy="EUR">${total}</Amt>
        <CdtDbtInd>${credit ? "CRDT" : "DBIT"}</CdtDbtInd>
        <Sts>
          <Cd>BOOK</Cd>
        </Sts>
        <BookgDt>
          <Dt>2024-03-15</Dt>
        </BookgDt>
        <AcctSvcrRef>REF${n}</AcctSvcrRef>
        <BkTxCd>
          <Domn>
            <Cd>PMNT</Cd>
            <Fmly>
              <Cd>${credit ? "RCDT" : "ICDT"}</Cd>
              <SubFmlyCd>ESCT</SubFmlyCd>
            </Fmly>
          </Domn>
        </BkTxCd>
        <NtryDtls>
${details}        </NtryDtls>
      </Ntry>
`;
}

function minorOf(n: number): bigint {
  const amount = BigInt(AMOUNTS[n % AMOUNTS.length]!.replace(".", "")) * (n % 5 === 0 ? 2n : 1n);
  return n % 2 === 0 ? amount : -amount;
}

function money(minor: bigint): string {
  const abs = minor < 0n ? -minor : minor;
  return `${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

/** A camt.053.001.08 of about `length` code units with balances that close. */
export function generateCamt(length: number): GeneratedCamt {
  const perEntry = entry(1).length * 0.8 + entry(5).length * 0.2;
  const entries = Math.max(1, Math.round(length / perEntry));
  let net = 0n;
  for (let n = 1; n <= entries; n++) net += minorOf(n);
  const open = 100_000_000n;
  const close = open + net;
  const balance = (code: string, m: bigint) =>
    `      <Bal>\n        <Tp>\n          <CdOrPrtry>\n            <Cd>${code}</Cd>\n          </CdOrPrtry>\n        </Tp>\n        <Amt Ccy="EUR">${money(m)}</Amt>\n        <CdtDbtInd>${m < 0n ? "DBIT" : "CRDT"}</CdtDbtInd>\n        <Dt>\n          <Dt>2024-03-15</Dt>\n        </Dt>\n      </Bal>\n`;
  const head = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr>
      <MsgId>GENERATED</MsgId>
      <CreDtTm>2024-03-16T06:00:00+01:00</CreDtTm>
    </GrpHdr>
    <Stmt>
      <Id>GENERATED-1</Id>
      <Acct>
        <Id>
          <IBAN>DE89370400440532013000</IBAN>
        </Id>
        <Ccy>EUR</Ccy>
      </Acct>
${balance("OPBD", open)}${balance("CLBD", close)}`;
  const tail = "    </Stmt>\n  </BkToCstmrStmt>\n</Document>\n";
  function* chunks(): Generator<string> {
    yield head;
    // Parts joined once per chunk: a chunk built with += is a rope, which the reader reads much more slowly.
    let parts: string[] = [];
    let size = 0;
    for (let n = 1; n <= entries; n++) {
      const e = entry(n);
      parts.push(e);
      size += e.length;
      if (size >= 65_536) {
        yield parts.join("");
        parts = [];
        size = 0;
      }
    }
    parts.push(tail);
    yield parts.join("");
  }
  return { chunks: { [Symbol.iterator]: chunks }, entries, length: Math.round(head.length + tail.length + entries * perEntry) };
}
