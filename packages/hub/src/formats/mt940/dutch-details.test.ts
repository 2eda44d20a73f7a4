import { describe, expect, it } from "vitest";
import { parseMoney } from "../../core/index.js";
import { hasDutchTags, parseDutchDetails } from "./dutch-details.js";
import type { EntryDetails } from "./entry-details.js";

function read(text: string): EntryDetails {
  const details: EntryDetails = {};
  parseDutchDetails(text.split("\n"), details);
  return details;
}

describe("parseDutchDetails", () => {
  it("reads /TRTP/ /IBAN/ /BIC/ /NAME/ /REMI/ /EREF/ (ABN AMRO, webschik abn-amro-1.STA)", () => {
    expect(read("/TRTP/SEPA OVERBOEKING/IBAN/NL****/BIC/ABNA***/NAME/\nTT TEST/REMI/TRANSFER OWN MONEY/EREF/NOTPROVIDED")).toEqual({
      description: "SEPA OVERBOEKING",
      counterparty: { account: "NL****", accountScheme: "other", bankId: "ABNA***", name: "TT TEST" },
      remittance: ["TRANSFER OWN MONEY"],
      references: { endToEndId: "NOTPROVIDED" },
    });
  });

  it("joins a line cut at the 65-character width without a space and a shorter one with a space (Rabobank, Knab)", () => {
    expect(
      read("/EREF/01-01-2013 12:00 0030000987654321/BENM//NAME/CONTRA ACCOUN\nT HOLDER/REMI//ISDT/2013-07-11").counterparty?.name,
    ).toBe("CONTRA ACCOUNT HOLDER");
    expect(read("/TRTP/SEPA\nOVERBOEKING/BBAN/90000014/BIC/KNABNL2HXXX/NAME/KNAB").description).toBe("SEPA OVERBOEKING");
  });

  it("reads Rabobank's party /ID/, /OCMT/ and /CHGS1/ as original amount and charge, and /INIT/'s name as bank data", () => {
    // From a Rabobank file in a public gap report (Center Parcs): the id used to be glued to the name, the charge lost.
    const outgoing = read(
      "/EREF/C20251105-1167814372/BENM//NAME/AON France/REMI/INV 2025-77\n/OCMT/CHF739,46/EXCH/1,08293/CHGS1/EUR6,88/INIT//NAME/Center Parcs E\nurope N.V./ISDT/2025-11-07",
    );
    expect(outgoing).toMatchObject({
      counterparty: { name: "AON France" },
      originalAmount: { minor: 73946n, scale: 2, currency: "CHF" },
      charges: [{ amount: { minor: 688n, scale: 2, currency: "EUR" }, type: "CHGS1" }],
      bankData: { EXCH: "1,08293", initiatingParty: "Center Parcs Europe N.V.", ISDT: "2025-11-07" },
    });
    const incoming = read("/EREF/DK50 110503NA-01198037572/ORDP//NAME/UWV/ID/34360247/REMI/\nUWV Uitkering/ISDT/2025-11-07");
    expect([incoming.counterparty, incoming.remittance]).toEqual([{ name: "UWV", partyId: "34360247" }, ["UWV Uitkering"]]);
  });

  it("reads Danske Bank's structured :86: (/RREF/ first; /RCMT/ and /CHRG/ amounts with spaces and thousands points)", () => {
    const text =
      "/RREF/3825-0031367289 /EREF/1309101116-0000001 /ORDP//NAME/AB A\nG/REMI/Inv. 1000217666 - 22.724,00 /RCMT/EUR 100.000,00 /CHRG/DKK 4,00";
    expect(hasDutchTags(text)).toBe(true);
    expect(read(text)).toMatchObject({
      references: { endToEndId: "1309101116-0000001" },
      counterparty: { name: "AB AG" },
      remittance: ["Inv. 1000217666 - 22.724,00"],
      originalAmount: { minor: 10000000n, scale: 2, currency: "EUR" },
      charges: [{ amount: { minor: 400n, scale: 2, currency: "DKK" } }],
      bankData: { RREF: "3825-0031367289" },
    });
  });

  it("reads thousands points without decimals, keeps an amount it cannot read whole as written, and a charge given twice once", () => {
    expect(read("/RCMT/EUR 100.000 /CHRG/DKK 4,00").originalAmount).toEqual({ minor: 10000000n, scale: 2, currency: "EUR" });
    const us = read("/OCMT/USD1,234.56/");
    expect([us.originalAmount, us.bankData, us.remittance]).toEqual([undefined, { OCMT: "USD1,234.56" }, undefined]);
    const twice: EntryDetails = { charges: [{ amount: parseMoney("6.88", "EUR") }] };
    parseDutchDetails(["/REMI/x/CHGS1/EUR6,88/"], twice);
    expect(twice.charges).toEqual([{ amount: { minor: 688n, scale: 2, currency: "EUR" } }]);
  });

  it("reads /ID/ only inside a party: the ultimate debtor's as bank data, and in remittance as text", () => {
    const ultimate = read("/ORDP//NAME/Stichting Foo/REMI/x/ULTD//NAME/J. Jansen/ID/NL12ZZZ345");
    expect([ultimate.counterparty, ultimate.ultimateDebtor, ultimate.bankData]).toEqual([
      { name: "Stichting Foo" },
      "J. Jansen",
      { ultimateDebtorId: "NL12ZZZ345" },
    ]);
    const remi = read("/REMI/Bestelling 88123/ID/55 klantnr 9");
    expect([remi.remittance, remi.counterparty]).toEqual([["Bestelling 88123/ID/55 klantnr 9"], undefined]);
  });

  it("keeps a second, different value of a tag read into a field as bank data under the tag, an identical one once", () => {
    const twice = read(
      "/TRTP/SEPA OVERBOEKING/EREF/E1/KREF/K1/MARF/M1/CSID/C1/PREF/P1/PURP/CHAR/IBAN/NL91ABNA0417164300/BIC/ABNANL2A/NAME/Jan\n" +
        "/TRTP/iDEAL/EREF/E2/KREF/K2/MARF/M2/CSID/C2/PREF/P2/PURP/SALA/IBAN/NL20INGB0001234567/BIC/INGBNL2A/NAME/Piet/" +
        "ULTD/U1/ULTD//NAME/U2/OCMT/USD5,00/OCMT/USD6,00/",
    );
    expect([twice.description, twice.references, twice.purpose, twice.counterparty, twice.ultimateDebtor]).toEqual([
      "SEPA OVERBOEKING",
      { endToEndId: "E1", customerReference: "K1", mandateId: "M1", creditorId: "C1", paymentInformationId: "P1" },
      "CHAR",
      { account: "NL91ABNA0417164300", accountScheme: "iban", bankId: "ABNANL2A", name: "Jan" },
      "U1",
    ]);
    expect(twice.bankData).toEqual({
      TRTP: "iDEAL",
      EREF: "E2",
      KREF: "K2",
      MARF: "M2",
      CSID: "C2",
      PREF: "P2",
      PURP: "SALA",
      IBAN: "NL20INGB0001234567",
      BIC: "INGBNL2A",
      NAME: "Piet",
      ULTD: "U2",
      OCMT: "USD6,00",
    });
    // Said twice alike (an account with blanks, a BIC8 as its BIC11) is said once.
    const same = read("/EREF/E1/IBAN/NL91ABNA0417164300/BIC/ABNANL2A/EREF/E1/IBAN/NL91 ABNA 0417 1643 00/BIC/ABNANL2AXXX/");
    expect([same.references, same.bankData]).toEqual([{ endToEndId: "E1" }, undefined]);
  });

  it("keeps a second ultimate creditor as bank data whether written after /ULTC/ or /ULTB/, with or without /NAME/", () => {
    // /ULTC/ and /ULTB/ fill one ultimate creditor: a /NAME/ after either is its name.
    expect(read("/ULTC//NAME/A/ULTB//NAME/B/")).toEqual({ ultimateCreditor: "A", bankData: { ULTB: "B" } });
    expect(read("/ULTC/A/ULTB//NAME/B/")).toEqual({ ultimateCreditor: "A", bankData: { ULTB: "B" } });
    expect(read("/ULTB//NAME/A/ULTC/B/")).toEqual({ ultimateCreditor: "A", bankData: { ULTC: "B" } });
  });

  it("keeps /RCMT/ beside /OCMT/ with another amount as bank data, the first amount the original amount", () => {
    expect(read("/OCMT/USD5,00/RCMT/EUR4,00/")).toEqual({
      originalAmount: { minor: 500n, scale: 2, currency: "USD" },
      bankData: { RCMT: "EUR4,00" },
    });
    expect(read("/RCMT/EUR 4,00/OCMT/USD5,00/")).toEqual({
      originalAmount: { minor: 400n, scale: 2, currency: "EUR" },
      bankData: { OCMT: "USD5,00" },
    });
    // The same amount, however written, is said once.
    expect(read("/OCMT/EUR4,00/RCMT/EUR 4,0/")).toEqual({ originalAmount: { minor: 400n, scale: 2, currency: "EUR" } });
  });

  it("keeps a /CNTP/ block that names another party than the tags before it as bank data CNTP, and a later /NAME/ as NAME", () => {
    expect(read("/NAME/X/CNTP/NL91ABNA0417164300/ABNANL2A/Y/AMSTERDAM/")).toEqual({
      counterparty: { name: "X", account: "NL91ABNA0417164300", accountScheme: "iban", bankId: "ABNANL2A", address: ["AMSTERDAM"] },
      bankData: { CNTP: "NL91ABNA0417164300/ABNANL2A/Y/AMSTERDAM" },
    });
    expect(read("/CNTP/NL91ABNA0417164300/ABNANL2A/Y/AMSTERDAM/NAME/X/").bankData).toEqual({ NAME: "X" });
    // The same party again is said once.
    expect(read("/NAME/Y/BIC/ABNANL2AXXX/CNTP/NL91ABNA0417164300/ABNANL2A/Y//").bankData).toBeUndefined();
  });

  it("keeps a second, different /ORDP/ or /BENM/ block as bank data orderingParty*/beneficiary*, the same block again once", () => {
    expect(read("/ORDP//NAME/A/ORDP//NAME/B/IBAN/NL91ABNA0417164300/")).toEqual({
      counterparty: { name: "A" },
      bankData: { orderingParty: "B", orderingPartyAccount: "NL91ABNA0417164300" },
    });
    expect(read("/BENM//NAME/A/IBAN/NL91ABNA0417164300/BENM//NAME/A/IBAN/NL91 ABNA 0417 1643 00/")).toEqual({
      counterparty: { name: "A", account: "NL91ABNA0417164300", accountScheme: "iban" },
    });
  });

  it("keeps every /REMI/ of a :86: as a line of remittance, in order", () => {
    expect(read("/REMI/Factuur 1/EREF/E1/REMI/Factuur 2").remittance).toEqual(["Factuur 1", "Factuur 2"]);
  });

  it("keeps a /RTRN/ that is no reason code whole as the return reason, and a second, different one as RTRN", () => {
    expect(read("/RTRN/Onbekend/REMI/x").bankData).toEqual({ returnReason: "Onbekend" });
    expect(read("/RTRN/AC04/REMI/x/RTRN/MD06").bankData).toEqual({ returnReason: "AC04", RTRN: "MD06" });
    expect(read("/RTRN/AC04/RTRN/AC04/").bankData).toEqual({ returnReason: "AC04" });
  });

  it("keeps HSBC's text after /OCMT/'s amount as remittance, and a value that is no amount as bank data", () => {
    const hsbc = read("/OCMT/USD2853,12/\nPAYMENT OF INVOICES 204011665 20401 1687");
    expect([hsbc.originalAmount, hsbc.remittance]).toEqual([
      { minor: 285312n, scale: 2, currency: "USD" },
      ["PAYMENT OF INVOICES 204011665 20401 1687"],
    ]);
    expect(read("/OCMT/see below/").bankData).toEqual({ OCMT: "see below" });
  });

  it("reads Rabobank's structured creditor reference in /REMI/ and the code in /PURP//CD/ (bank hunt)", () => {
    // Rabobank writes ISO sub-elements as /CD/ and /CDTRREFTP//CD/…/CDTRREF/ inside the tag's value.
    expect(read("/ORDP//NAME/Doe/REMI//CDTRREFTP//CD/SCOR/ISSR/CUR/CDTRREF/12345/ISDT/2016-05-03")).toEqual({
      counterparty: { name: "Doe" },
      structuredRemittance: [{ creditorReference: "12345", creditorReferenceType: "SCOR" }],
      bankData: { ISDT: "2016-05-03" },
    });
    expect(read("/EREF/NOTPROVIDED/REMI/some text/PURP//CD/EPAY").purpose).toBe("EPAY");
    // A purpose written plain stays as it is.
    expect(read("/PURP/SALA/").purpose).toBe("SALA");
  });

  it("reads ING's /REMI/USTD// and /REMI/STRD/CUR/ and Rabobank's /CNTP/", () => {
    expect(read("/REMI/USTD//Factuur 2024-17/").remittance).toEqual(["Factuur 2024-17"]);
    expect(read("/REMI/STRD/CUR/RF18539007547034/").structuredRemittance).toEqual([
      { creditorReference: "RF18539007547034", creditorReferenceType: "SCOR" },
    ]);
    expect(read("/CNTP/NL91ABNA0417164300/ABNANL2A/J. Doe/AMSTERDAM/").counterparty).toEqual({
      account: "NL91ABNA0417164300",
      accountScheme: "iban",
      bankId: "ABNANL2A",
      name: "J. Doe",
      address: ["AMSTERDAM"],
    });
  });

  it("reads mandate, creditor id, ultimate parties, purpose and keeps other tags as bank data", () => {
    expect(read("/TRTP/SEPA Incasso/CSID/NL98ZZZ999999990000/MARF/M-1/ULTC/Ultimate Co/PURP/SUPP/ISDT/2024-03-15/")).toEqual({
      description: "SEPA Incasso",
      references: { creditorId: "NL98ZZZ999999990000", mandateId: "M-1" },
      ultimateCreditor: "Ultimate Co",
      purpose: "SUPP",
      bankData: { ISDT: "2024-03-15" },
    });
  });

  it("splits only at known tags: a slash inside a value stays", () => {
    expect(read("/REMI/PO 7781/ABC/123/EREF/X").remittance).toEqual(["PO 7781/ABC/123"]);
  });

  it("recognises the dialect by a known tag at the start", () => {
    expect(hasDutchTags(" /TRTP/SEPA")).toBe(true);
    expect(hasDutchTags("/XXXX//100924006010")).toBe(false);
    expect(hasDutchTags("GIRO 428428")).toBe(false);
  });
});
