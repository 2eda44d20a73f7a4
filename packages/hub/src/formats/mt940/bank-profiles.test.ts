import { describe, expect, it } from "vitest";
import { formatMoney, type Statement } from "../../core/index.js";
import { abnAmroProfile } from "./banks/abn-amro-profile.js";
import { deVolksbankProfile } from "./banks/de-volksbank-profile.js";
import { dkProfile } from "./banks/dk-profile.js";
import { genericProfile } from "./banks/generic-profile.js";
import { ingProfile } from "./banks/ing-profile.js";
import { rabobankProfile } from "./banks/rabobank-profile.js";
import { selectBankProfile } from "./banks/select-bank-profile.js";
import { triodosProfile } from "./banks/triodos-profile.js";
import { parseMt940 } from "./parse-mt940.js";

function statement(lines: readonly string[]): Statement {
  const result = parseMt940(lines.join("\r\n"), { format: "mt940", encoding: "utf-8" });
  if (result.statements[0] === undefined) throw new Error(result.issues.map((i) => i.message).join("; "));
  return result.statements[0];
}

describe("bank profiles", () => {
  it("are chosen from header lines, the envelope's BIC and the :25: shape, specific banks before German and generic", () => {
    const pick = (hints: { headerLines?: string[]; envelopeAddress?: string; accountField?: string }) =>
      selectBankProfile({
        headerLines: hints.headerLines ?? [],
        accountField: hints.accountField ?? "",
        ...(hints.envelopeAddress === undefined ? {} : { envelopeAddress: hints.envelopeAddress }),
      }).id;
    expect(pick({ headerLines: ["ABNANL2A", "940", "ABNANL2A"] })).toBe(abnAmroProfile.id);
    expect(pick({ headerLines: ["0000 01INGBNL2AXXXX00001"] })).toBe(ingProfile.id);
    expect(pick({ headerLines: [":940:"] })).toBe(rabobankProfile.id);
    expect(pick({ accountField: "1291.99.348EUR" })).toBe(rabobankProfile.id);
    expect(pick({ envelopeAddress: "ASNBNL21XXXX" })).toBe(deVolksbankProfile.id);
    expect(pick({ accountField: "TRIODOSBANK/0390123456" })).toBe(triodosProfile.id);
    expect(pick({ accountField: "50880050/0194774600888" })).toBe(dkProfile.id);
    expect(pick({ accountField: "DE89370400440532013000" })).toBe(dkProfile.id);
    expect(pick({ accountField: "PL25106000760000888888888888" })).toBe(genericProfile.id);
    // The statement's own account comes before the file's header lines, which may be an earlier statement's.
    expect(pick({ headerLines: ["0000 01INGBNL2AXXXX00001"], accountField: "DE89370400440532013000" })).toBe(dkProfile.id);
    expect(pick({ headerLines: [":940:"], accountField: "GB29NWBK60161331926819" })).toBe(genericProfile.id);
    expect(pick({ headerLines: ["ABNANL2A", "940", "ABNANL2A"], accountField: "NL91INGB0417164300" })).toBe(ingProfile.id);
    expect(pick({ headerLines: [":940:"], accountField: "NL20INGB0001234567" })).toBe(ingProfile.id);
    expect(pick({ headerLines: [":940:"], accountField: "3012345678" })).toBe(rabobankProfile.id);
  });

  it("reads a file of two banks' statements put together each with its own bank's profile", () => {
    const rabobank = [":940:", ":20:940S231205", ":25:NL20RABO0300065264EUR", ":28C:1", ":60F:C231204EUR10,00"];
    const uk = [":20:UK1", ":25:GB29NWBK60161331926819", ":28C:1", ":60F:C231204GBP10,00", ":61:231205D1,00NMSCCARDPAYMENT12345678"];
    const result = parseMt940([...rabobank, ":62F:C231205EUR10,00", "-", ...uk, ":62F:C231205GBP9,00", "-"].join("\r\n"), {
      format: "mt940",
      encoding: "utf-8",
    });
    const e = result.statements[1]?.entries[0];
    expect([e?.references?.customerReference, e?.counterparty]).toEqual(["CARDPAYMENT12345678", undefined]);
    const ing = [
      "0000 01INGBNL2AXXXX00001",
      ":20:INGEB",
      ":25:NL91INGB0417164300",
      ":28C:1",
      ":60F:C231204EUR10,00",
      ":62F:C231205EUR10,00",
      "-",
    ];
    const german = [
      ":20:STARTUMS",
      ":25:50880050/0194774600888",
      ":28C:1",
      ":60F:C231204EUR10,00",
      ":61:231205D1,00NTRFNONREF",
      ":86:166?00GUTSCHRIFT",
    ];
    const both = parseMt940([...ing, ...german, ":62F:C231205EUR9,00", "-"].join("\r\n"), { format: "mt940", encoding: "utf-8" });
    expect(both.statements[1]?.entries[0]?.bankTransactionCode).toEqual({ proprietary: { code: "NTRF+166", issuer: "DK" } });
  });

  it("ING: reads the statement's /SUM/ and the older D…C… trailer into the summary", () => {
    const head = [
      "0000 01INGBNL2AXXXX00001",
      ":20:INGEB",
      ":25:0111111111",
      ":28C:100",
      ":60F:C100722EUR44,89",
      ":61:100722C0,56N078NONREF",
      ":61:100722D10000,99N029NONREF",
    ];
    const current = statement([...head, ":62F:D100723EUR9955,54", ":86:/SUM/1/1/10000,99/0,56/"]);
    expect(current.summary).toEqual({
      debits: { count: 1, sum: { minor: 1000099n, scale: 2, currency: "EUR" } },
      credits: { count: 1, sum: { minor: 56n, scale: 2, currency: "EUR" } },
    });
    const legacy = statement([...head, ":62F:D100723EUR9955,54", ":86:D000001C000001D10000,99C0,56", "ING TESTREKENING"]);
    expect(legacy.summary?.debits?.count).toBe(1);
    expect(legacy.additionalInfo).toBe("D000001C000001D10000,99C0,56\nING TESTREKENING");
  });

  it("ING: /TRCD/ in the supplementary details is ING's transaction code, not a booking text (differential hunt)", () => {
    const s = statement([
      ":20:X",
      ":25:NL69INGB0123456789EUR",
      ":28C:1",
      ":60F:C140219EUR0,00",
      ":61:1402200220C1,56NTRFEREF//00000000001005",
      "/TRCD/00100/",
      ":86:/EREF/EV12341REP1231456T1234//CNTP/NL32INGB0000012345/INGBNL2A/ING BANK NV///REMI/USTD//Factuur 1/",
      ":62F:C140220EUR1,56",
    ]);
    expect(s.entries[0]?.bankTransactionCode).toEqual({ proprietary: { code: "NTRF+00100", issuer: "ING" } });
    expect(s.entries[0]?.description).toBeUndefined();
  });

  it("takes the :86: KREF as the customer reference when the :61: line says only KREF+ (Sparkasse)", () => {
    const s = statement([
      ":20:X",
      ":25:10020030/1234567",
      ":28C:1",
      ":60F:C070903EUR1500,00",
      ":61:0709040904DR1500,00NTRFKREF+//536D80EFEC56ACF8",
      ":86:191?00SEPA-UEBERW?100399?20KREF+TFNr 01022 MSGID CTSc-?2101 EBB",
      ":62F:C070904EUR0,00",
    ]);
    expect(s.entries[0]?.references?.customerReference).toBe("TFNr 01022 MSGID CTSc-01 EBB");
    expect(s.entries[0]?.bankData?.KREF).toBeUndefined();
  });

  it("DK: an unstructured :86: starts with the code 999, which is the transaction code, not remittance text (bank hunt)", () => {
    // DK Anlage 3: without subfields, :86: is the code 999 and up to 387 characters of free text.
    const s = statement([
      ":20:STARTUMSE",
      ":25:76026000/1234567890",
      ":28C:00001/001",
      ":60F:C240102EUR100,00",
      ":61:2401020102D10,00NMSCNONREF",
      ":86:999Miete Januar 2024 Wohnung 3 OG links",
      "Mieter Nr. 4711",
      ":61:2401020102D10,00NMSCNONREF",
      ":86:999 Rundfunkbeitrag",
      ":62F:C240102EUR80,00",
    ]);
    expect(s.entries[0]?.remittance?.unstructured).toEqual(["Miete Januar 2024 Wohnung 3 OG links", "Mieter Nr. 4711"]);
    expect(s.entries[0]?.bankTransactionCode).toEqual({ proprietary: { code: "NMSC+999", issuer: "DK" } });
    expect(s.entries[1]?.remittance?.unstructured).toEqual(["Rundfunkbeitrag"]);
    // Elsewhere three digits before free text are the text's own.
    const generic = statement([
      ":20:X",
      ":25:GB29NWBK60161331926819",
      ":60F:C240102GBP1,00",
      ":61:240102D1,00NMSCNONREF",
      ":86:999 Letsby Avenue",
      ":62F:C240102GBP0,00",
    ]);
    expect(generic.entries[0]?.remittance?.unstructured).toEqual(["999 Letsby Avenue"]);
  });

  it("DK: a :86: that is the transaction code alone is that code, not remittance text (bank hunt)", () => {
    const s = statement([
      ":20:STARTUMSE",
      ":25:76026000/1234567890",
      ":28C:00001/001",
      ":60F:C240102EUR100,00",
      ":61:2401020102D10,00NMSCNONREF",
      ":86:835",
      ":61:2401020102D10,00NMSCNONREF",
      ":86:805 ",
      "Abschluss",
      ":62F:C240102EUR80,00",
    ]);
    expect(s.entries[0]?.bankTransactionCode).toEqual({ proprietary: { code: "NMSC+835", issuer: "DK" } });
    expect(s.entries[0]?.remittance).toBeUndefined();
    // A code followed by a line of text is free text as before.
    expect(s.entries[1]?.remittance?.unstructured).toEqual(["805", "Abschluss"]);
  });

  it("ING: the older :86: starts with the counterparty's account", () => {
    const s = statement([
      "0000 01INGBNL2AXXXX00001",
      ":20:X",
      ":25:0111111111",
      ":28C:1",
      ":60F:C100722EUR0,",
      ":61:100722C1,N078NONREF",
      ":86:0111111111 V. DE JONG KERKSTRAAT 1154",
      ":62F:C100722EUR1,",
    ]);
    expect(s.entries[0]?.counterparty).toEqual({ account: "0111111111", accountScheme: "bban" });
  });

  it("Rabobank: the :61: customer reference is the counterparty's account and the name follows it", () => {
    const s = statement([
      ":940:",
      ":20:940A110615",
      ":25:1291.99.348EUR",
      ":28:00000/00",
      ":60F:C110614EUR473,17",
      ":61:110527D000000001213,28N0440121470966      W.P. Jansen",
      ":86:Terugboeking",
      ":62F:C110615EUR740,11",
    ]);
    expect(s.entries[0]?.counterparty).toEqual({ name: "W.P. Jansen", account: "0121470966", accountScheme: "bban" });
    expect(s.entries[0]?.references?.customerReference).toBe("0121470966");
  });

  it("Rabobank: the IBAN format gives the counterparty's account in the supplementary details", () => {
    const s = statement([
      ":940:",
      ":20:940S130101",
      ":25:NL71RABO0123456789",
      ":28C:0",
      ":60F:C130101EUR1000,00",
      ":61:130101D25,00N102EREF            ",
      "NL70ABNA0987654321",
      ":62F:C130108EUR975,00",
    ]);
    expect(s.entries[0]?.counterparty).toEqual({ account: "NL70ABNA0987654321", accountScheme: "other" });
  });

  it("ABN AMRO: GIRO transfers name the counterparty's account and name", () => {
    const s = statement([
      "ABNANL2A",
      "940",
      "ABNANL2A",
      ":20:ABN AMRO BANK NV",
      ":25:517852257",
      ":28:19321/1",
      ":60F:C110522EUR3236,28",
      ":61:1105240524D9,N192NONREF",
      ":86:GIRO   428428 KPN - DIGITENNE    BETALINGSKENM.  000000042188659",
      ":62F:C110523EUR3227,28",
    ]);
    expect(s.entries[0]?.counterparty).toEqual({ account: "428428", accountScheme: "bban", name: "KPN - DIGITENNE" });
    expect(s.entries[0]?.description).toBe("GIRO");
  });

  it("de Volksbank (ASN, SNS): counterparty from :61:, padded purpose lines joined where a full line continues", () => {
    const s = statement([
      "{1:F01ASNBNL21XXXX0000000000}{2:O940ASNBNL21XXXXN}{3:}{4:",
      ":20:0000000000",
      ":25:NL81ASNB9999999999",
      ":28C:1/1",
      ":60F:C200101EUR444,29",
      ":61:2001010101D65,00NOVBNL47INGB9999999999",
      "hr gjlm paulissen",
      ":86:NL47INGB9999999999 hr gjlm paulissen",
      `Betaling aan ICS 99999999999 ICS Referentie: 2020-01-05 19:47 ${"0".repeat(3)}`,
      "000000 en verder",
      `Kort${" ".repeat(61)}`,
      ":62F:C200101EUR379,29",
      "-}{5:}",
    ]);
    expect(s.entries[0]?.counterparty).toEqual({ account: "NL47INGB9999999999", accountScheme: "other", name: "hr gjlm paulissen" });
    expect(s.entries[0]?.remittance?.unstructured).toEqual([
      "Betaling aan ICS 99999999999 ICS Referentie: 2020-01-05 19:47 000000000 en verder",
      "Kort",
    ]);
  });

  it("de Volksbank: a reference of another shape is the counterparty's account when the free-text :86: repeats it first (review)", () => {
    const s = statement([
      ":20:0000000000",
      ":25:NL81ASNB9999999999",
      ":28C:1/1",
      ":60F:C200101EUR444,29",
      ":61:2001010101D65,00NOVB12345",
      "hr jansen",
      ":86:12345 HR JANSEN",
      "Betaling",
      ":61:2001010101D10,00NOVBNONREF",
      "Kosten",
      ":62F:C200101EUR369,29",
    ]);
    expect(s.entries[0]?.counterparty).toEqual({ account: "12345", accountScheme: "bban", name: "hr jansen" });
    expect(s.entries[0]?.remittance?.unstructured).toEqual(["Betaling"]);
    expect(s.entries[1]?.counterparty).toBeUndefined();
    expect(s.entries[1]?.description).toBe("Kosten");
  });

  it("de Volksbank: a reference the :86: starts with is no account unless the line is the reference and the name (review)", () => {
    const s = statement([
      ":20:0000000000",
      ":25:NL81ASNB9999999999",
      ":28C:1/1",
      ":60F:C200101EUR444,29",
      ":61:2001010101D65,00NOVBINV-2024-001",
      "Betaling",
      ":86:INV-2024-001 factuur maart",
      ":61:2001010101D10,00NOVB12345",
      "Betaling",
      ":86:12345 Betalingsregeling maart 2020",
      ":61:2001010101D10,00NOVB12345",
      "hr jansen",
      ":86:123456789 hr jansen",
      ":62F:C200101EUR369,29",
    ]);
    expect(s.entries[0]?.counterparty).toBeUndefined();
    expect(s.entries[0]?.remittance?.unstructured).toEqual(["INV-2024-001 factuur maart"]);
    expect(s.entries[0]?.description).toBe("Betaling");
    // A line that starts with the reference and the name but goes on is remittance (fourth review).
    expect(s.entries[1]?.counterparty).toBeUndefined();
    expect(s.entries[1]?.remittance?.unstructured).toEqual(["12345 Betalingsregeling maart 2020"]);
    expect(s.entries[2]?.counterparty).toBeUndefined();
    expect(s.entries[2]?.remittance?.unstructured).toEqual(["123456789 hr jansen"]);
  });

  it("de Volksbank: a name cut to the :61: line's 34 characters is the counterparty's full name from the :86: (gap list)", () => {
    const s = statement([
      "{1:F01ASNBNL21XXXX0000000000}{2:O940ASNBNL21XXXXN}{3:}{4:",
      ":20:0000000000",
      ":25:NL81ASNB9999999999",
      ":28C:1/1",
      ":60F:C200101EUR444,29",
      ":61:2001010101D65,00NOVB12345",
      "Stichting Woningcorporatie Het Gro",
      ":86:12345 Stichting Woningcorporatie Het Groene Dorp",
      "Huur januari",
      ":61:2001010101D10,00NOVBNL47INGB9999999999",
      // Cut at 34 characters right after a blank, which the reader trims.
      "Stichting Bewonersverenigingen De ",
      ":86:NL47INGB9999999999 Stichting Bewonersverenigingen De Linden",
      "Huur februari",
      // A name that was not cut and a :86: line that goes on: remittance that starts with the same words, as before.
      ":61:2001010101D10,00NOVB12345",
      "Stichting Woningcorporatie",
      ":86:12345 Stichting Woningcorporatie Het Groene Dorp",
      ":62F:C200101EUR359,29",
      "-}{5:}",
    ]);
    const full = "Stichting Woningcorporatie Het Groene Dorp";
    expect(s.entries[0]?.counterparty).toEqual({ account: "12345", accountScheme: "bban", name: full });
    expect(s.entries[0]?.remittance?.unstructured).toEqual(["Huur januari"]);
    expect(s.entries[0]?.description).toBeUndefined();
    expect(s.entries[1]?.counterparty).toEqual({
      account: "NL47INGB9999999999",
      accountScheme: "other",
      name: "Stichting Bewonersverenigingen De Linden",
    });
    expect(s.entries[1]?.remittance?.unstructured).toEqual(["Huur februari"]);
    expect(s.entries[2]?.counterparty).toBeUndefined();
    expect(s.entries[2]?.remittance?.unstructured).toEqual([`12345 ${full}`]);
  });

  it("de Volksbank: a structured :86: naming both /ORDP/ and /BENM/ gives the counterparty by direction, the :61: party only its account (final review)", () => {
    const s = statement([
      "{1:F01ASNBNL21XXXX0000000000}{2:O940ASNBNL21XXXXN}{3:}{4:",
      ":20:0000000000",
      ":25:NL81ASNB9999999999",
      ":28C:1/1",
      ":60F:C200101EUR444,29",
      ":61:2001010101D65,00NTRFNL47INGB9999999999",
      "hr gjlm paulissen",
      ":86:/ORDP//NAME/MY NAME/BENM//NAME/SHOP BV/REMI/Betaling",
      ":61:2001010101C15,00NTRFNL47INGB9999999999",
      "hr gjlm paulissen",
      ":86:/ORDP//NAME/PAYER BV/BENM//NAME/MY NAME/IBAN/NL91ABNA0417164300/REMI/Terug",
      ":62F:C200101EUR394,29",
      "-}{5:}",
    ]);
    // The :86: names the counterparty (the beneficiary of a debit): the :61: line's name is the booking text again,
    // and its account is kept where the :86: wrote none, as for a :86: with one party. The beneficiary's name was
    // lost, the :61: name taking its place, since the profile looked for a counterparty before the direction chose one.
    expect(s.entries[0]?.counterparty).toEqual({ account: "NL47INGB9999999999", accountScheme: "other", name: "SHOP BV" });
    expect(s.entries[0]?.description).toBe("hr gjlm paulissen");
    expect(s.entries[0]?.bankData).toEqual({ orderingParty: "MY NAME" });
    // The IBAN written after /BENM//NAME/MY NAME/ is the beneficiary's (the holder's side), not the payer's: the payer
    // has the :61: line's account, as a :86: naming no account of the counterparty's gives.
    expect(s.entries[1]?.counterparty).toEqual({ account: "NL47INGB9999999999", accountScheme: "other", name: "PAYER BV" });
    expect(s.entries[1]?.description).toBe("hr gjlm paulissen");
    expect(s.entries[1]?.bankData).toEqual({ beneficiary: "MY NAME", beneficiaryAccount: "NL91ABNA0417164300" });
  });

  it("de Volksbank: a structured :86: naming only the holder's side (/BENM/ of a credit, /ORDP/ of a debit) leaves the :61: line's party the counterparty", () => {
    const s = statement([
      "{1:F01ASNBNL21XXXX0000000000}{2:O940ASNBNL21XXXXN}{3:}{4:",
      ":20:0000000000",
      ":25:NL81ASNB9999999999",
      ":28C:1/1",
      ":60F:C200101EUR444,29",
      ":61:2001010101C15,00NTRFNL47INGB9999999999",
      "hr gjlm paulissen",
      ":86:/BENM//NAME/MY NAME/IBAN/NL91ABNA0417164300/REMI/Terug",
      ":61:2001010101D15,00NTRFNL47INGB9999999999",
      "hr gjlm paulissen",
      ":86:/ORDP//NAME/MY NAME/IBAN/NL91ABNA0417164300/REMI/Betaling",
      ":61:2001010101D15,00NTRFNL47INGB9999999999",
      "hr gjlm paulissen",
      ":86:/BENM//NAME/SHOP BV/REMI/Betaling",
      ":62F:C200101EUR444,29",
      "-}{5:}",
    ]);
    // The :61: line names the counterparty (de Volksbank's reference is its account): the one block is on the holder's
    // side by direction and is kept as bank data, as beside both blocks. It was taken for the counterparty, the
    // holder's name and IBAN in the payer's (payee's) place.
    const payer = { account: "NL47INGB9999999999", accountScheme: "other", name: "hr gjlm paulissen" };
    expect(s.entries[0]?.counterparty).toEqual(payer);
    expect(s.entries[0]?.bankData).toEqual({ beneficiary: "MY NAME", beneficiaryAccount: "NL91ABNA0417164300" });
    expect(s.entries[1]?.counterparty).toEqual(payer);
    expect(s.entries[1]?.bankData).toEqual({ orderingParty: "MY NAME", orderingPartyAccount: "NL91ABNA0417164300" });
    // A block on the counterparty's side names it, as before.
    expect(s.entries[2]?.counterparty).toEqual({ account: "NL47INGB9999999999", accountScheme: "other", name: "SHOP BV" });
    expect(s.entries[2]?.description).toBe("hr gjlm paulissen");
    expect(s.entries[2]?.bankData).toBeUndefined();
  });

  it("Triodos: the bank's name in :25: is not taken for a BIC", () => {
    const s = statement([":20:1308728725026/1", ":25:TRIODOSBANK/0390123456", ":28:1", ":60F:C110101EUR4975,09", ":62F:C110101EUR4975,09"]);
    expect(s.account).toEqual({ id: "0390123456", scheme: "bban", bank: { name: "Triodos Bank" }, currency: "EUR" });
  });

  it("keeps the amounts whatever the profile: profiles read details, never money", () => {
    const s = statement([
      ":940:",
      ":20:X",
      ":25:1291.99.348EUR",
      ":28:1",
      ":60F:C110614EUR10,",
      ":61:110527D1,28N0440121470966      W.P. Jansen",
      ":62F:C110615EUR8,72",
    ]);
    expect(s.entries.map((e) => formatMoney(e.amount))).toEqual(["-1.28"]);
  });
});
