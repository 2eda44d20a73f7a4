import { describe, expect, it } from "vitest";
import type { EntryDetails } from "./entry-details.js";
import { hasSubfields, parseGermanDetails, subfieldSeparator } from "./german-details.js";

function read(text: string, separator = "?"): EntryDetails {
  const details: EntryDetails = {};
  parseGermanDetails(text.split("\n"), details, separator);
  return details;
}

describe("parseGermanDetails", () => {
  it("reads GVC, booking text, prima nota, SEPA keywords and counterparty (cmxl statement_details)", () => {
    const d = read(
      "171?00SEPA LASTSCHRIFT KUNDE?10281?20EREF+TRX-0A4A47C3-F846-4729?21-8A1B-5DF620F?22MREF+CAC97D2144174318AC18D9?23BF815BD4FB?24CRED+DE98ZZZ09999999999?25SVWZ+FOO TRX-0A4A47C3-F84?266-4729-8A1B-5DF620F?30HYVEDEMMXXX?31HUkkbbbsssskcccccccccccccccx?32Peter Pan?34171",
    );
    expect(d).toEqual({
      domesticCode: "171",
      description: "SEPA LASTSCHRIFT KUNDE",
      bankData: { primaNota: "281", textKeyExtension: "171" },
      references: {
        endToEndId: "TRX-0A4A47C3-F846-4729-8A1B-5DF620F",
        mandateId: "CAC97D2144174318AC18D9BF815BD4FB",
        creditorId: "DE98ZZZ09999999999",
      },
      remittance: ["FOO TRX-0A4A47C3-F846-4729-8A1B-5DF620F"],
      counterparty: { bankId: "HYVEDEMMXXX", account: "HUkkbbbsssskcccccccccccccccx", accountScheme: "other", name: "Peter Pan" },
    });
  });

  it("finds a keyword split across two subfields: `S` + `VWZ+` (wolph #109)", () => {
    const d = read(
      "835?20Cie., S.C.A.?21SEPA-BASISLASTSCHRIFT?22EREF+ 1234567890123 PAYPAL?23MREF+ 12AB234CD6E7F CRED+ A?24B12CDE0000000000000000034 S?25VWZ+ . SPOTIFY, Ihr Einkauf?26bei SPOTIFY",
    );
    expect(d.references).toEqual({
      endToEndId: "1234567890123 PAYPAL",
      mandateId: "12AB234CD6E7F",
      creditorId: "AB12CDE0000000000000000034",
    });
    expect(d.remittance).toEqual(["Cie., S.C.A.SEPA-BASISLASTSCHRIFT", ". SPOTIFY, Ihr Einkaufbei SPOTIFY"]);
  });

  it("joins lines and a full purpose subfield with the next without separator: the 65-character wrap and the ?2x split fall anywhere", () => {
    // ?20 holds its 27 characters ("Gehalt Oktober 2024 Muster "), so ?21 continues it.
    const d = read("051?00UEBERWEISUNG?100599?20Gehalt Okto\nber 2024 Muster ?21GmbH und Bonus?3050060400?310847564700?32MUELLER?34339");
    expect(d.remittance).toEqual(["Gehalt Oktober 2024 Muster GmbH und Bonus"]);
    expect(d.counterparty).toEqual({ bankId: "50060400", account: "0847564700", accountScheme: "bban", name: "MUELLER" });
  });

  it("reads a ?NN marker broken over two lines (betterplace sepa_mt9401.sta `?2` + `2MTLG`)", () => {
    const d = read(
      "191?00SEPA-UEBERW?100399?20KREF+TFNr 01005 PayId CTSc-?2101 EBB?2\n2MTLG:SEPA-Ueberweisungsauft?23rag Datei mit 0000005 Zahlu?24ngen",
    );
    expect(d.references?.customerReference).toBe("TFNr 01005 PayId CTSc-01 EBB");
    expect(d.remittance).toEqual(["MTLG:SEPA-Ueberweisungsauftrag Datei mit 0000005 Zahlungen"]);
  });

  it("ends an EREF that runs past 35 characters at its subfield and keeps the rest as remittance", () => {
    const d = read(
      "159?00RETOURE?100399?20EREF+TFNR 40005 00005?21MTLG:Grund nicht s\npezifizie?22rt Reject aus SEPA-Ueberwei?23sungsauftrag?34914",
    );
    expect(d.references?.endToEndId).toBe("TFNR 40005 00005");
    expect(d.remittance).toEqual(["MTLG:Grund nicht spezifiziert Reject aus SEPA-Ueberweisungsauftrag"]);
  });

  it("joins the name from ?32 and ?33, and reads ?60-?63 as more purpose (ABWA inside)", () => {
    const d = read(
      "105?00Basislastschrift?10931?20EREF+123/123/12345-----L110\n?30BYLADEMM\n?31DE99700500000000012345?32Finanzamt Muenchen Abteilun\n?33g Erhebung?34992?60000000012345 BIC: BYLADEMM \n?61ABWA: Finanzamt Muenchen ?62ABWA+Finanzamt Muenchen \n?63Abteilung Erhebung",
    );
    expect(d.counterparty?.name).toBe("Finanzamt Muenchen Abteilung Erhebung");
    expect(d.ultimateDebtor).toBe("Finanzamt Muenchen Abteilung Erhebung");
    expect(d.remittance).toEqual(["000000012345 BIC: BYLADEMM ABWA: Finanzamt Muenchen"]);
  });

  it("reads the same structure with > as separator (Triodos, Polish banks)", () => {
    expect(hasSubfields(">20UsÅ‚ugi", 62)).toBe(true);
    const d = read("000>100987654321\n>20ALGEMENE TUSSENREKENING KOS>21TEN VAN 01-10-2010 TOT EN M\n>22ET 31-12-2010>310390123456", ">");
    expect(d.remittance).toEqual(["ALGEMENE TUSSENREKENING KOSTEN VAN 01-10-2010 TOT EN MET 31-12-2010"]);
    expect(d.counterparty?.account).toBe("0390123456");
    expect(d.bankData).toEqual({ primaNota: "0987654321" });
  });

  it("reads Polish subfields: ~ (PKO BP, mBank) and <, 0xFF fillers as empty, ~38 as the counterparty's IBAN", () => {
    // PKO BP writes every subfield, the empty ones filled with the byte 0xFF (˙ in windows-1250, ÿ in windows-1252).
    for (const filler of ["\u02d9", "\u00ff"]) {
      const pko = [
        "020~00152",
        "~20FAKTURA NR. 1106676983 ZA",
        `~21 LIPIEC${filler}`,
        `~22${filler}`,
        `~23${filler}`,
        "~3010205561",
        "~319000361245650140",
        "~32DHL ECOMMERCE SP. Z O. O. U",
        `~33${filler}`,
        "~38PL50102055619000361245650140",
        `~60${filler}`,
        `~63${filler}`,
      ].join("\n");
      expect(subfieldSeparator(pko)).toBe("~");
      const d = read(pko, "~");
      expect(d.remittance).toEqual(["FAKTURA NR. 1106676983 ZA LIPIEC"]);
      expect(d.counterparty).toEqual({
        bankId: "10205561",
        account: "PL50102055619000361245650140",
        accountScheme: "iban",
        name: "DHL ECOMMERCE SP. Z O. O. U",
      });
      expect([d.domesticCode, d.description, d.bankData]).toEqual(["020", "152", undefined]);
    }
    // mBank: the empty subfields written without a value.
    const mbank = read(
      "020~00B062~20CZYNSZ LOKAL 15A LIPIEC 2026~21~22~23~24~25\n~3011402004~310000345~32ANNA KOWALSKA~33~34000~38PL61109010140000071219812874",
      "~",
    );
    expect(mbank.remittance).toEqual(["CZYNSZ LOKAL 15A LIPIEC 2026"]);
    expect(mbank.counterparty).toEqual({
      bankId: "11402004",
      account: "PL61109010140000071219812874",
      accountScheme: "iban",
      name: "ANNA KOWALSKA",
    });
    // The account from ?31 that the IBAN does not hold is kept; a ?38 that is no IBAN stays bank data.
    expect(read("020~00X~31123~38PL61109010140000071219812874", "~").bankData).toEqual({ "~31": "123" });
    expect(read("020~00X~31123~38NOT AN IBAN", "~")).toMatchObject({
      counterparty: { account: "123", accountScheme: "bban" },
      bankData: { "~38": "NOT AN IBAN" },
    });
    expect(subfieldSeparator("073<00PRZELEW<20OPLATA ZA PRAD<32PGE OBROT SA")).toBe("<");
    expect(read("073<00PRZELEW<20OPLATA ZA PRAD<32PGE OBROT SA", "<")).toMatchObject({
      description: "PRZELEW",
      remittance: ["OPLATA ZA PRAD"],
      counterparty: { name: "PGE OBROT SA" },
    });
    // Free text with a tilde or angle bracket somewhere is not mistaken for subfields: the Polish dialects start with
    // the transaction code and ~00 or <00.
    for (const text of [
      "Zakup ~20 szt. <10% rabatu",
      "<01.05.2024> Miete Wohnung 3",
      "~15 Liter Diesel Tankstelle",
      "100<20 sztuk towaru",
    ]) {
      expect(subfieldSeparator(text), text).toBeUndefined();
    }
    // Their markers are the longest rising run of known subfields; between equal runs, the one with fewer markers
    // after a space: `<10`, `~50` and `~25` before `~21` are text.
    expect(read("073<00ZWROT<20ZWROT ZA ZAKUP <100 ZL<32SKLEP", "<")).toMatchObject({
      remittance: ["ZWROT ZA ZAKUP <100 ZL"],
      counterparty: { name: "SKLEP" },
    });
    const iban = "PL51102024980000071219812874";
    // A field of nothing but markers is read in time linear in its length (it was quadratic).
    const many = `020~00X~20${"~21x".repeat(16_000)}`;
    const started = performance.now();
    expect(read(many, "~").remittance?.[0]?.length).toBeGreaterThan(16_000);
    expect(performance.now() - started).toBeLessThan(200);
    for (const purpose of ["Zakup ~50 litrow paliwa~21 stacja Orlen", "Zakup ~25 litrow paliwa~21 stacja Orlen"]) {
      expect(read(`020~00PRZELEW~20${purpose}~3010202498~32JAN KOWALSKI~38${iban}`, "~")).toMatchObject({
        remittance: [purpose.replace("~21", "")],
        counterparty: { bankId: "10202498", account: iban, name: "JAN KOWALSKI" },
      });
    }
  });

  it("keeps every account ?31 and ?38 give, in whichever order, and reads ÿ as a letter where it is not a filler", () => {
    const iban = "PL61109010140000071219812874";
    expect(read(`166?00X?38${iban}?31123`)).toMatchObject({ counterparty: { account: iban }, bankData: { "?31": "123" } });
    expect(read(`166?00X?38${iban}?310000071219812874`).bankData).toBeUndefined();
    // A second ?31 that says something else is kept too; the same account written with spaces is not.
    expect(read("166?00X?31111?31222").bankData).toEqual({ "?31": "222" });
    expect(read("166?00X?31DE89370400440532013000?31DE89 3704 0044 0532 0130 00").bankData).toBeUndefined();
    const twice = read(`166?00X?38${iban}?38PL50102055619000361245650140`);
    expect(twice).toMatchObject({ counterparty: { account: iban }, bankData: { "?38": "PL50102055619000361245650140" } });
    expect(read("166?00X?20Rue de L'Haÿ?21-les-Roses ÿ").remittance).toEqual(["Rue de L'Haÿ", "-les-Roses ÿ"]);
    // Polish banks writing > (or ?) fill empty subfields too: a value of nothing but fillers is empty in every dialect.
    const filled = read("020>00PRZELEW>20ZAPLATA ZA FAKTURE>21ÿ>22˙>3010202498>31ÿ>32JAN KOWALSKI>33ÿ>38˙", ">");
    expect([filled.remittance, filled.counterparty, filled.bankData]).toEqual([
      ["ZAPLATA ZA FAKTURE"],
      { bankId: "10202498", name: "JAN KOWALSKI" },
      undefined,
    ]);
    expect(read("020>00X>32JAN KOWALSKI>33ÿ", ">").counterparty).toEqual({ name: "JAN KOWALSKI" });
    // A purpose subfield of a space is the space between two words, in every dialect.
    expect(read("166?00GUTSCHRIFT?20Rechnung 4711?21 ?22vom 01.05.2024?32Max").remittance).toEqual(["Rechnung 4711 vom 01.05.2024"]);
    expect(read("020~00PRZELEW~20ZAPLATA ZA~21 ~22FAKTURE~32JAN", "~").remittance).toEqual(["ZAPLATA ZA FAKTURE"]);
    // A filler among the spaces of a purpose subfield does not reach the text.
    expect(read("166?00X?20Miete?21 ˙ ?22Mai").remittance).toEqual(["Miete Mai"]);
    // ?32 padded with fillers ended a word: its ?33 is joined with a space (without fillers, with none: mid-word cut).
    expect(read("020~00X~32JAN˙˙˙~33KOWALSKI", "~").counterparty?.name).toBe("JAN KOWALSKI");
    expect(read("020~00X~32JAN KOWAL~33SKI", "~").counterparty?.name).toBe("JAN KOWALSKI");
    // Between runs of equal length and spacing, the one whose markers come first in the text.
    expect(read("020~00ZAKUP~20Paliwo~10szt~21stacja Orlen", "~")).toMatchObject({
      description: "ZAKUP",
      remittance: ["Paliwo~10sztstacja Orlen"],
    });
    // The name is ?32 and the ?33 after it, even an empty one; a third name subfield is kept as bank data.
    expect(read("166?00GUTSCHRIFT?20Text?32Max?33 ?32Other")).toMatchObject({
      counterparty: { name: "Max" },
      bankData: { "?32": "Other" },
    });
  });

  it("keeps keywords it has no canonical home for in bank data, and empty fields out", () => {
    const d = read(
      "166?00SEPA-CT HABEN EINZELBUCHUNG?1097261?20EREF+S1001675?21SVWZ+?22SQTP+FRST?30DEUTDEDB510?31DE23510700240352432900?32John Doe",
    );
    expect(d.remittance).toBeUndefined();
    expect(d.bankData).toEqual({ primaNota: "97261", SQTP: "FRST" });
  });

  it("keeps a keyword written twice in bank data, unless it repeats the same value (nothing the bank wrote is lost)", () => {
    const d = read("166?00X?20EREF+E1 SVWZ?21+Text one ER?22EF+E2?23MREF+M1?24MREF+M1?25PURP+SALA?26PURP+OTHR");
    expect(d.references).toEqual({ endToEndId: "E1", mandateId: "M1" });
    expect(d.remittance).toEqual(["Text one"]);
    expect(d.purpose).toBe("SALA");
    expect(d.bankData).toEqual({ EREF: "E2", PURP: "OTHR" });
    // IBAN+ and BIC+ beside ?31 and ?30: the same account written with spaces or in lower case, and a BIC8 for its
    // BIC11 with XXX, are the same; another account is kept.
    const same = read("166?00X?20IBAN+de89 3704 0044 0532 0130 00?21BIC+COBADEFF?30COBADEFFXXX?31DE89370400440532013000");
    expect(same.bankData).toBeUndefined();
    const other = read("166?00X?20IBAN+DE02120300000000202051?30COBADEFFXXX?31DE89370400440532013000");
    expect(other.bankData).toEqual({ IBAN: "DE02120300000000202051" });
  });

  it("finds EREF+, MREF+ and CRED+ after SVWZ+ inside a subfield, as aqbanking does (review: banks write them in any order)", () => {
    const d = read("166?00GUTSCHRIFT?20SVWZ+Rechnung 1 EREF+E2E-1 ?21MREF+M-1 CRED+DE98ZZZ09999999999");
    expect(d.references).toEqual({ endToEndId: "E2E-1", mandateId: "M-1", creditorId: "DE98ZZZ09999999999" });
    expect(d.remittance).toEqual(["Rechnung 1"]);
  });

  it("reads purpose subfields that are not full as lines of their own, where there are no SEPA keywords (differential hunt)", () => {
    // DK continues a subfield in the next only when it overflows; aqbanking reads these as three lines too.
    const d = read("020?00UEBERWEISUNG?20Miete Dezember?21Wohnung 3 links?22Kaution separat?32Muster GmbH");
    expect(d.remittance).toEqual(["Miete Dezember", "Wohnung 3 links", "Kaution separat"]);
    // A full subfield still runs on into the next, and a bank whose subfields are longer than 27 is read as one text.
    expect(read("020?00X?20Rechnung Nr. 12345 vom 01.0?213.2024").remittance).toEqual(["Rechnung Nr. 12345 vom 01.03.2024"]);
    expect(read(`020?00X?20${"a".repeat(30)}?21b`).remittance).toEqual([`${"a".repeat(30)}b`]);
    // One short of full where the bank dropped the space it cut at (WoLpH whitespace.sta): two pieces, which read
    // right joined with a space.
    expect(read("820?00UMBUCHUNG?20ERSTATTUNG AUSLANDSEINSATZE?21NTGELT FUER VISA 4998 XXXX?22XXXX 1234").remittance).toEqual([
      "ERSTATTUNG AUSLANDSEINSATZENTGELT FUER VISA 4998 XXXX",
      "XXXX 1234",
    ]);
  });

  it("keeps 000 as the code of dialects other than ?, which BankBridge's writer does not use (review: Triodos 000>10…)", () => {
    expect(read("000>10X>20Betaling", ">").domesticCode).toBe("000");
    expect(read("000?20Betaling").domesticCode).toBeUndefined();
  });

  it("detects subfields only after an optional three-digit code", () => {
    expect(hasSubfields(" 020?00Wyplata", 63)).toBe(true);
    expect(hasSubfields("999PN5477SCHECK-NR. 0000016703074", 63)).toBe(false);
    expect(hasSubfields("/TRTP/SEPA", 63)).toBe(false);
  });
});
