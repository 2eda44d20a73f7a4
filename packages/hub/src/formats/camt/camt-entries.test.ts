import { describe, expect, it } from "vitest";
import { formatMoney, type Money } from "../../core/index.js";
import { balance, camtDocument, entry, HEAD, onlyEntry, onlyStatement, parseXml, withoutSources } from "./test-support/camt-documents.js";

const money = (m: Money | undefined) => (m === undefined ? undefined : `${formatMoney(m)} ${m.currency}`);

describe("entries", () => {
  it("reads the status as a code (before 001.08) and as Sts/Cd, FUTR as pending, and warns about others", () => {
    const status = (sts: string) => onlyEntry(entry("1.00", true, "", sts));
    expect(status("<Sts>BOOK</Sts>").entry.status).toBe("booked");
    expect(status("<Sts><Cd>PDNG</Cd></Sts>").entry.status).toBe("pending");
    expect(status("<Sts><Cd>INFO</Cd></Sts>").entry.status).toBe("information");
    expect(status("<Sts>FUTR</Sts>").entry.status).toBe("pending");
    const odd = status("<Sts><Prtry>HELD</Prtry></Sts>");
    expect(odd.entry.status).toBe("pending");
    expect(odd.issues.map((i) => i.code)).toEqual(["CAMT_STATUS_UNKNOWN"]);
  });

  it("reads BookgDt and ValDt as Dt or DtTm (the date of a date-time as written, no zone conversion)", () => {
    const { entry: e } = onlyEntry(
      '<Ntry><Amt Ccy="EUR">1</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><DtTm>2024-12-31T23:30:00-05:00</DtTm></BookgDt><ValDt><Dt>2025-01-02</Dt></ValDt></Ntry>',
    );
    expect([e.bookingDate, e.bookingDateTime, e.valueDate, e.valueDateTime]).toEqual([
      "2024-12-31",
      "2024-12-31T23:30:00-05:00",
      "2025-01-02",
      undefined,
    ]);
  });

  it("puts the facts of one TxDtls on the entry itself", () => {
    const { entry: e } = onlyEntry(
      entry(
        "10.00",
        true,
        '<AcctSvcrRef>A-1</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>E2E</EndToEndId></Refs><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><RltdPties><Dbtr><Pty><Nm>Payer</Nm></Pty></Dbtr></RltdPties><AddtlTxInf>tx text</AddtlTxInf></TxDtls></NtryDtls><AddtlNtryInf>entry text</AddtlNtryInf>',
      ),
    );
    expect(e.details).toEqual([]);
    expect(e.references).toEqual({ accountServicerReference: "A-1", endToEndId: "E2E" });
    expect(e.counterparty).toEqual({ name: "Payer" });
    expect(e.description).toBe("entry text");
    expect(e.bankData).toEqual({ additionalTransactionInfo: "tx text" });
  });

  it("keeps several TxDtls as details with their own amounts, signed like the entry, never the entry's amount (OCA #157)", () => {
    const tx = (amount: string, name: string) =>
      `<TxDtls><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><RltdPties><Cdtr><Nm>${name}</Nm></Cdtr></RltdPties></TxDtls>`;
    const parsed = parseXml(
      camtDocument([
        HEAD +
          balance("OPBD", "100.00") +
          balance("CLBD", "70.00") +
          entry("30.00", false, `<NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>${tx("10.00", "A")}${tx("20.00", "B")}</NtryDtls>`),
      ]),
    );
    const e = parsed.statements[0]!.entries;
    expect(e).toHaveLength(1);
    expect(e[0]!.details.map((d) => [money(d.amount), d.counterparty?.name])).toEqual([
      ["-10.00 EUR", "A"],
      ["-20.00 EUR", "B"],
    ]);
    expect(e[0]!.batch).toEqual({ count: 2 });
    // The batch is counted once: the balances close.
    expect(parsed.issues).toEqual([]);
  });

  it("reads a batch announced only by its count (no TxDtls, as Raiffeisen sends them) as batch.count", () => {
    const { entry: e } = onlyEntry(
      entry("1250.00", false, "<NtryDtls><Btch><PmtInfId>SAL</PmtInfId><NbOfTxs>12</NbOfTxs></Btch></NtryDtls>"),
    );
    expect(e.batch).toEqual({ count: 12, paymentInformationId: "SAL" });
    expect(e.details).toEqual([]);
  });

  it("takes a detail's amount from AmtDtls/TxAmt when its TxDtls has no Amt, and leaves it out when there is neither", () => {
    const tx = (inner: string) => `<TxDtls>${inner}<RmtInf><Ustrd>x</Ustrd></RmtInf></TxDtls>`;
    const { entry: e } = onlyEntry(
      entry("5.00", true, `<NtryDtls>${tx('<AmtDtls><TxAmt><Amt Ccy="EUR">3.00</Amt></TxAmt></AmtDtls>')}${tx("")}</NtryDtls>`),
    );
    expect(e.details.map((d) => money(d.amount))).toEqual(["3.00 EUR", undefined]);
  });

  it("chooses the debtor as counterparty of a credit and the creditor of a debit, and the other way round for a reversal", () => {
    const parties =
      "<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Debtor</Nm></Dbtr><DbtrAcct><Id><IBAN>DE02370400440532013014</IBAN></Id></DbtrAcct><UltmtDbtr><Nm>Ultimate debtor</Nm></UltmtDbtr><Cdtr><Pty><Nm>Creditor</Nm></Pty></Cdtr><UltmtCdtr><Pty><Nm>Ultimate creditor</Nm></Pty></UltmtCdtr></RltdPties><RltdAgts><DbtrAgt><FinInstnId><BIC>COBADEFF</BIC></FinInstnId></DbtrAgt><CdtrAgt><FinInstnId><ClrSysMmbId><MmbId>100</MmbId></ClrSysMmbId><Nm>Creditor bank</Nm></FinInstnId></CdtrAgt></RltdAgts></TxDtls></NtryDtls>";
    const debtor = {
      name: "Debtor",
      account: "DE02370400440532013014",
      accountScheme: "iban",
      bankId: "COBADEFF",
      ultimateName: "Ultimate debtor",
    };
    const creditor = { name: "Creditor", bankId: "100", bankName: "Creditor bank", ultimateName: "Ultimate creditor" };
    expect(onlyEntry(entry("1.00", true, parties)).entry.counterparty).toEqual(debtor);
    expect(onlyEntry(entry("1.00", false, parties)).entry.counterparty).toEqual(creditor);
    expect(onlyEntry(entry("1.00", true, `<RvslInd>true</RvslInd>${parties}`)).entry.counterparty).toEqual(creditor);
  });

  it("reads party identifiers, the SEPA creditor id as a reference, and addresses as lines or built from their parts", () => {
    const { entry: e } = onlyEntry(
      entry(
        "1.00",
        false,
        "<NtryDtls><TxDtls><RltdPties><Cdtr><Nm>Shop</Nm><PstlAdr><StrtNm>Hauptplatz</StrtNm><BldgNb>3</BldgNb><PstCd>8010</PstCd><TwnNm>Graz</TwnNm><Ctry>AT</Ctry></PstlAdr><Id><OrgId><Othr><Id>DE98ZZZ09999999999</Id><SchmeNm><Prtry>SEPA</Prtry></SchmeNm></Othr><Othr><Id>ATU12345678</Id><SchmeNm><Cd>TXID</Cd></SchmeNm></Othr></OrgId></Id></Cdtr></RltdPties></TxDtls></NtryDtls>",
      ),
    );
    expect(e.counterparty).toEqual({ name: "Shop", address: ["Hauptplatz 3", "8010 Graz", "AT"], partyId: "ATU12345678" });
    expect(e.references).toEqual({ creditorId: "DE98ZZZ09999999999" });
  });

  it("reads every reference", () => {
    const refs =
      "<Refs><MsgId>M</MsgId><AcctSvcrRef>A</AcctSvcrRef><PmtInfId>P</PmtInfId><InstrId>I</InstrId><EndToEndId>E</EndToEndId><UETR>a8b2c3d4-5e6f-4a1b-9c2d-3e4f5a6b7c8d</UETR><TxId>T</TxId><MndtId>MD</MndtId><ChqNb>C</ChqNb><ClrSysRef>CS</ClrSysRef><AcctOwnrTxId>O</AcctOwnrTxId><AcctSvcrTxId>S</AcctSvcrTxId></Refs>";
    expect(onlyEntry(entry("1.00", true, `<NtryDtls><TxDtls>${refs}</TxDtls></NtryDtls>`)).entry.references).toEqual({
      messageId: "M",
      accountServicerReference: "A",
      paymentInformationId: "P",
      instructionId: "I",
      endToEndId: "E",
      uetr: "a8b2c3d4-5e6f-4a1b-9c2d-3e4f5a6b7c8d",
      transactionId: "T",
      mandateId: "MD",
      chequeNumber: "C",
      clearingSystemReference: "CS",
      customerReference: "O",
      bankReference: "S",
    });
  });

  it("reads unstructured remittance lines and structured blocks, in 001.02+ and in 001.01 form alike", () => {
    const v2 =
      '<RmtInf><Ustrd>line 1</Ustrd><Ustrd>line 2</Ustrd><Strd><RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>INV-1</Nb><RltdDt>2024-02-28</RltdDt></RfrdDocInf><RfrdDocAmt><RmtdAmt Ccy="EUR">1.00</RmtdAmt></RfrdDocAmt><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp><Ref>RF18539007547034</Ref></CdtrRefInf><AddtlRmtInf>more</AddtlRmtInf></Strd></RmtInf>';
    const v1 =
      '<RmtInf><Ustrd>line 1</Ustrd><Ustrd>line 2</Ustrd><Strd><RfrdDocInf><RfrdDocTp><Cd>CINV</Cd></RfrdDocTp><RfrdDocNb>INV-1</RfrdDocNb></RfrdDocInf><RfrdDocRltdDt>2024-02-28</RfrdDocRltdDt><RfrdDocAmt><RmtdAmt Ccy="EUR">1.00</RmtdAmt></RfrdDocAmt><CdtrRefInf><CdtrRefTp><Cd>SCOR</Cd><Issr>ISO</Issr></CdtrRefTp><CdtrRef>RF18539007547034</CdtrRef></CdtrRefInf><AddtlRmtInf>more</AddtlRmtInf></Strd></RmtInf>';
    const read = (rmt: string, ns: string) =>
      onlyEntry(entry("1.00", true, `<NtryDtls><TxDtls>${rmt}</TxDtls></NtryDtls>`), { ns }).entry.remittance;
    const expected = {
      unstructured: ["line 1", "line 2"],
      structured: [
        {
          creditorReference: "RF18539007547034",
          creditorReferenceType: "SCOR",
          creditorReferenceIssuer: "ISO",
          documents: [{ type: "CINV", number: "INV-1", date: "2024-02-28" }],
          amount: { minor: 100n, scale: 2, currency: "EUR" },
          additionalInfo: ["more"],
        },
      ],
    };
    expect(read(v2, "camt.053.001.02")).toEqual(expected);
    expect(read(v1, "camt.052.001.01")).toEqual(expected);
  });

  it("reads the bank transaction code (domain, family, sub-family, proprietary with issuer) and the purpose", () => {
    const { entry: e } = onlyEntry(
      entry(
        "1.00",
        true,
        "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn><Prtry><Cd>NTRF+166</Cd><Issr>DK</Issr></Prtry></BkTxCd><NtryDtls><TxDtls><Purp><Cd>SALA</Cd></Purp></TxDtls></NtryDtls>",
      ),
    );
    expect(e.bankTransactionCode).toEqual({
      domain: "PMNT",
      family: "RCDT",
      subFamily: "ESCT",
      proprietary: { code: "NTRF+166", issuer: "DK" },
    });
    expect(e.purpose).toBe("SALA");
  });

  it("reads instructed amount, the amount before exchange (TxAmt in another currency) and the exchange rate", () => {
    const { entry: e } = onlyEntry(
      entry(
        "50.74",
        false,
        '<AmtDtls><InstdAmt><Amt Ccy="USD">55.00</Amt></InstdAmt><TxAmt><Amt Ccy="USD">54.00</Amt><CcyXchg><SrcCcy>USD</SrcCcy><TrgtCcy>EUR</TrgtCcy><UnitCcy>EUR</UnitCcy><XchgRate>1.0828</XchgRate><CtrctId>FX-1</CtrctId><QtnDt>2024-03-14T10:00:00</QtnDt></CcyXchg></TxAmt><CntrValAmt><Amt Ccy="EUR">50.74</Amt></CntrValAmt></AmtDtls>',
      ),
    );
    expect([money(e.instructedAmount), money(e.originalAmount)]).toEqual(["55.00 USD", "54.00 USD"]);
    expect(e.exchangeRate).toEqual({
      rate: "1.0828",
      sourceCurrency: "USD",
      targetCurrency: "EUR",
      unitCurrency: "EUR",
      contractId: "FX-1",
      quotationDate: "2024-03-14",
    });
  });

  it("reads charges as a list of Chrgs (001.02) and as Chrgs/Rcrd records (later), positive, with type, bearer and agent", () => {
    const v2 =
      '<Chrgs><Amt Ccy="EUR">1.50</Amt><Tp><Cd>COMM</Cd></Tp><Br>DEBT</Br><Pty><FinInstnId><BIC>RZBAATWW</BIC></FinInstnId></Pty></Chrgs><Chrgs><Amt Ccy="EUR">0.25</Amt><Tp><Prtry><Id>Porto</Id></Prtry></Tp></Chrgs>';
    const v4 =
      '<Chrgs><TtlChrgsAndTaxAmt Ccy="EUR">1.75</TtlChrgsAndTaxAmt><Rcrd><Amt Ccy="EUR">1.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><ChrgInclInd>true</ChrgInclInd><Tp><Cd>COMM</Cd></Tp><Br>DEBT</Br><Agt><FinInstnId><BICFI>RZBAATWW</BICFI></FinInstnId></Agt></Rcrd><Rcrd><Amt Ccy="EUR">0.25</Amt><Tp><Prtry><Id>Porto</Id></Prtry></Tp></Rcrd></Chrgs>';
    const charges = (xml: string) => onlyEntry(entry("10.00", false, xml)).entry.charges?.map((c) => ({ ...c, amount: money(c.amount) }));
    expect(charges(v2)).toEqual([
      { amount: "1.50 EUR", type: "COMM", bearer: "DEBT", agentId: "RZBAATWW" },
      { amount: "0.25 EUR", type: "Porto" },
    ]);
    expect(charges(v4)).toEqual([
      { amount: "1.50 EUR", type: "COMM", bearer: "DEBT", includedInAmount: true, agentId: "RZBAATWW" },
      { amount: "0.25 EUR", type: "Porto" },
    ]);
  });

  it("keeps the return reason and its text in bankData", () => {
    const { entry: e } = onlyEntry(
      entry(
        "1.00",
        false,
        "<NtryDtls><TxDtls><RtrInf><Rsn><Cd>AC04</Cd></Rsn><AddtlInf>Account</AddtlInf><AddtlInf>closed</AddtlInf></RtrInf></TxDtls></NtryDtls>",
      ),
    );
    expect(e.bankData).toEqual({ returnReason: "AC04", returnAdditionalInfo: "Account\nclosed" });
  });

  it("reads the same statement alike in 001.02 and 001.08 form (BIC/BICFI, parties with and without Pty, Sts forms)", () => {
    const v2 = camtDocument(
      [
        HEAD +
          balance("OPBD", "1.00") +
          '<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-03-15</Dt></BookgDt><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>P</Nm><Id><OrgId><BICOrBEI>ABNANL2A</BICOrBEI></OrgId></Id></Dbtr></RltdPties><RltdAgts><DbtrAgt><FinInstnId><BIC>ABNANL2A</BIC></FinInstnId></DbtrAgt></RltdAgts></TxDtls></NtryDtls></Ntry>',
      ],
      { ns: "camt.053.001.02" },
    );
    const v8 = camtDocument([
      HEAD +
        balance("OPBD", "1.00") +
        '<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2024-03-15</Dt></BookgDt><NtryDtls><TxDtls><RltdPties><Dbtr><Pty><Nm>P</Nm><Id><OrgId><AnyBIC>ABNANL2A</AnyBIC></OrgId></Id></Pty></Dbtr></RltdPties><RltdAgts><DbtrAgt><FinInstnId><BICFI>ABNANL2A</BICFI></FinInstnId></DbtrAgt></RltdAgts></TxDtls></NtryDtls></Ntry>',
    ]);
    const a = withoutSources(onlyStatement(v2).statement);
    expect(a.entries[0]?.counterparty).toEqual({ name: "P", bankId: "ABNANL2A", partyId: "ABNANL2A" });
    expect(a).toEqual(withoutSources(onlyStatement(v8).statement));
  });
});
