import { describe, expect, it } from "vitest";
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
