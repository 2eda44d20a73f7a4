/**
 * Test support: the events of a document as plain data, from our reader and from `saxes` (the oracle),
 * normalised to the same shape so the two can be compared with `toEqual`.
 *
 * @module
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SaxesParser } from "saxes";
import { isHubError } from "../../core/errors.js";
import type { XmlHandler, XmlReaderOptions } from "./types.js";
import { createXmlReader } from "./xml-reader.js";

/** One event: a start tag with its attributes in document order, text, or an end tag. */
export type XmlEvent =
  | readonly ["open", string, readonly (readonly [string, string])[]]
  | readonly ["text", string]
  | readonly ["close", string];

/** What reading a document gave: its events and, if it was refused, the error code (or the foreign error) and where. */
export interface Outcome {
  readonly events: XmlEvent[];
  readonly error?: string;
  readonly at?: unknown;
}

/** A handler that records events. */
export function recorder(events: XmlEvent[]): XmlHandler {
  return {
    open(name, attributes) {
      events.push(["open", name, attributes === undefined ? [] : [...attributes]]);
    },
    text(value) {
      events.push(["text", value]);
    },
    close(name) {
      events.push(["close", name]);
    },
  };
}

/** Reads `chunks` (one document) with our reader. A non-XML error is reported as `foreign: …`. */
export function ours(chunks: string | readonly string[], options?: XmlReaderOptions): Outcome {
  const events: XmlEvent[] = [];
  const reader = createXmlReader(recorder(events), options);
  try {
    for (const chunk of typeof chunks === "string" ? [chunks] : chunks) reader.write(chunk);
    reader.end();
    return { events };
  } catch (error) {
    if (isHubError(error) && error.code.startsWith("XML_")) return { events, error: error.code, at: error.details };
    return { events, error: `foreign: ${error instanceof Error ? error.stack : String(error)}` };
  }
}

/**
 * Reads `xml` with saxes (no namespaces) and normalises its events to ours: text and CDATA between two tags
 * joined into one run (comments and PIs left out), white-space-only runs and text outside the root dropped.
 */
export function oracle(xml: string): Outcome {
  const events: XmlEvent[] = [];
  const parser = new SaxesParser({ xmlns: false });
  let run = "";
  let depth = 0;
  const flush = () => {
    if (depth > 0 && /[^ \t\r\n]/.test(run)) events.push(["text", run]);
    run = "";
  };
  parser.on("opentag", (tag) => {
    flush();
    events.push(["open", tag.name, Object.entries(tag.attributes)]);
    depth++;
  });
  parser.on("closetag", (tag) => {
    flush();
    events.push(["close", tag.name]);
    depth--;
  });
  parser.on("text", (text) => {
    run += text;
  });
  parser.on("cdata", (text) => {
    run += text;
  });
  try {
    parser.write(xml).close();
    return { events };
  } catch (error) {
    return { events, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The shared corpus of public bank files: `../shared/corpus` from the repository root. */
export const CORPUS_DIR = join(fileURLToPath(new URL("../../../../../", import.meta.url)), "../shared/corpus");

/** The corpus folders whose XML files are camt documents. */
const CAMT_SOURCES = ["genkgo+camt", "prowide+prowide-iso20022"];

/** Every camt XML file of the corpus, decoded as UTF-8; empty when the corpus is not there. */
export function corpusCamtFiles(): { readonly name: string; readonly text: string }[] {
  const files: { name: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith(".xml")) files.push({ name: path.slice(CORPUS_DIR.length + 1), text: readFileSync(path, "utf8") });
    }
  };
  for (const source of CAMT_SOURCES) {
    try {
      walk(join(CORPUS_DIR, source));
    } catch {
      // Absent source: the suites that need it skip and say so.
    }
  }
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A small camt.053.001.08 statement as banks write them (prefixed namespace, amounts with `Ccy`, non-ASCII
 * names, a reference, a comment), always available, unlike the corpus.
 */
export const SAMPLE_CAMT = `<?xml version="1.0" encoding="UTF-8"?>
<!-- exported 2024-04-01 by the bank's statement service -->
<ns2:Document xmlns:ns2="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <ns2:BkToCstmrStmt>
    <ns2:GrpHdr>
      <ns2:MsgId>MSG-2024-04-01-0001</ns2:MsgId>
      <ns2:CreDtTm>2024-04-01T06:00:00+02:00</ns2:CreDtTm>
    </ns2:GrpHdr>
    <ns2:Stmt>
      <ns2:Id>STMT-1</ns2:Id>
      <ns2:Acct>
        <ns2:Id>
          <ns2:IBAN>DE89370400440532013000</ns2:IBAN>
        </ns2:Id>
        <ns2:Ccy>EUR</ns2:Ccy>
      </ns2:Acct>
      <ns2:Bal>
        <ns2:Tp><ns2:CdOrPrtry><ns2:Cd>OPBD</ns2:Cd></ns2:CdOrPrtry></ns2:Tp>
        <ns2:Amt Ccy="EUR">1000.00</ns2:Amt>
        <ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd>
        <ns2:Dt><ns2:Dt>2024-03-31</ns2:Dt></ns2:Dt>
      </ns2:Bal>
      <ns2:Ntry>
        <ns2:Amt Ccy='EUR'>250.50</ns2:Amt>
        <ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd>
        <ns2:Sts><ns2:Cd>BOOK</ns2:Cd></ns2:Sts>
        <ns2:BookgDt><ns2:Dt>2024-04-01</ns2:Dt></ns2:BookgDt>
        <ns2:NtryDtls>
          <ns2:TxDtls>
            <ns2:Refs><ns2:EndToEndId>E2E-0001</ns2:EndToEndId></ns2:Refs>
            <ns2:RltdPties>
              <ns2:Dbtr><ns2:Pty><ns2:Nm>Müller &amp; Söhne GmbH</ns2:Nm></ns2:Pty></ns2:Dbtr>
              <ns2:Cdtr><ns2:Pty><ns2:Nm>北京科技有限公司</ns2:Nm></ns2:Pty></ns2:Cdtr>
            </ns2:RltdPties>
            <ns2:RmtInf>
              <ns2:Ustrd>Invoice 2024-17 &lt;final&gt; &#8364; 250,50</ns2:Ustrd>
            </ns2:RmtInf>
          </ns2:TxDtls>
        </ns2:NtryDtls>
        <ns2:AddtlNtryInf/>
      </ns2:Ntry>
    </ns2:Stmt>
  </ns2:BkToCstmrStmt>
</ns2:Document>
`;
