/**
 * The three camt formats for the registry: camt.053 (end-of-day statement), camt.052 (intraday report) and
 * camt.054 (debit/credit notification). One parser serves all three (the message element says which kind a
 * statement is); each id recognises its own documents so that detection names the right one.
 *
 * @module
 */
import type { StatementFormat } from "../format.js";
import { parseCamt, parseCamtUtf8 } from "./camt-parser.js";
import { parseCamtStreamBatches } from "./camt-stream.js";

/** A camt message number and the local name of its message element. */
const MESSAGES = {
  "052": "BkToCstmrAcctRpt",
  "053": "BkToCstmrStmt",
  "054": "BkToCstmrDbtCdtNtfctn",
} as const;

/**
 * How sure we are that `text` is a camt.`number` document: its ISO namespace (`…:xsd:camt.053.001.08`) is
 * certain, its message element without the namespace nearly so, a mention of the message name (an `AppHdr`
 * `MsgDefIdr`) likely. Anything that does not start as XML is not.
 */
function sniff(text: string, number: keyof typeof MESSAGES): number {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 0xfeff || text.charCodeAt(i) <= 0x20)) i++;
  if (text.charCodeAt(i) !== 0x3c /* < */) return 0;
  if (text.includes(`urn:iso:std:iso:20022:tech:xsd:camt.${number}.001.`)) return 0.95;
  const element = MESSAGES[number];
  // With or without a prefix, and not a longer name that starts the same (BkToCstmrStmtV01 is the same message).
  if (text.includes(`<${element}>`) || text.includes(`<${element}V01`) || text.includes(`:${element}>`) || text.includes(`<${element} `))
    return 0.9;
  if (text.includes(`camt.${number}.001.`)) return 0.6;
  return 0;
}

function camtFormat(number: keyof typeof MESSAGES, description: string): StatementFormat {
  return {
    id: `camt.${number}`,
    description,
    sniff: ({ text }) => sniff(text, number),
    parse: parseCamt,
    parseUtf8: parseCamtUtf8,
    stream: (chunks, context) => parseCamtStreamBatches(chunks, context),
  };
}

/** camt.053: Bank to Customer Statement (end of day), versions 001.01–001.13. */
export const camt053Format: StatementFormat = camtFormat("053", "ISO 20022 camt.053 bank-to-customer statement (001.01–001.13)");
/** camt.052: Bank to Customer Account Report (intraday), versions 001.01–001.13. */
export const camt052Format: StatementFormat = camtFormat("052", "ISO 20022 camt.052 bank-to-customer account report (001.01–001.13)");
/** camt.054: Bank to Customer Debit/Credit Notification, versions 001.01–001.13. */
export const camt054Format: StatementFormat = camtFormat(
  "054",
  "ISO 20022 camt.054 bank-to-customer debit/credit notification (001.01–001.13)",
);

/** The camt formats, in the order detection prefers them on a tie. */
export const camtFormats: StatementFormat[] = [camt053Format, camt052Format, camt054Format];
