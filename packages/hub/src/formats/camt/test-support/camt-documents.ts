/**
 * Test support: small camt documents written inline in tests, wrapped in the message and statement
 * envelope of any version, and parsed through the registry (integrity checks included).
 *
 * @module
 */
import type { Entry, Issue, Statement } from "../../../core/index.js";
import { createFormatRegistry, type ParsedDocument } from "../../registry.js";
import { camtFormats } from "../camt-format.js";

/** How to wrap statement content. */
export interface Envelope {
  /** The message namespace. @default "camt.053.001.08" */
  readonly ns?: string;
  /** The message element. @default the one of the namespace's message (`BkToCstmrStmt`…) */
  readonly message?: string;
  /** The statement element. @default the one of the namespace's message (`Stmt`, `Rpt`, `Ntfctn`) */
  readonly statement?: string;
  /** Extra group-header content after `MsgId` and `CreDtTm`. */
  readonly groupHeader?: string;
}

const MESSAGE = {
  "052": ["BkToCstmrAcctRpt", "Rpt"],
  "053": ["BkToCstmrStmt", "Stmt"],
  "054": ["BkToCstmrDbtCdtNtfctn", "Ntfctn"],
} as const;

/** The usual statement head: an id and an IBAN account in EUR. */
export const HEAD = "<Id>S-1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>";

/** A document whose statements have the given contents (each without its `Stmt` tags). */
export function camtDocument(statements: readonly string[], envelope: Envelope = {}): string {
  const ns = envelope.ns ?? "camt.053.001.08";
  const number = (ns.slice(5, 8) as keyof typeof MESSAGE) in MESSAGE ? (ns.slice(5, 8) as keyof typeof MESSAGE) : "053";
  const [defaultMessage, defaultStatement] = MESSAGE[number];
  const message = envelope.message ?? defaultMessage;
  const statement = envelope.statement ?? defaultStatement;
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:${ns}">
<${message}>
<GrpHdr><MsgId>M-1</MsgId><CreDtTm>2024-03-16T06:00:00+01:00</CreDtTm>${envelope.groupHeader ?? ""}</GrpHdr>
${statements.map((s) => `<${statement}>\n${s}\n</${statement}>`).join("\n")}
</${message}>
</Document>
`;
}

/** A balance element. */
export function balance(code: string, amount: string, credit = true, date = "2024-03-15", extra = ""): string {
  return `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp>${extra}<Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>${credit ? "CRDT" : "DBIT"}</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>`;
}

/** An entry element: `body` goes after the status and dates. */
export function entry(amount: string, credit: boolean, body = "", status = "<Sts><Cd>BOOK</Cd></Sts>"): string {
  return `<Ntry><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>${credit ? "CRDT" : "DBIT"}</CdtDbtInd>${status}<BookgDt><Dt>2024-03-15</Dt></BookgDt><ValDt><Dt>2024-03-15</Dt></ValDt>${body}</Ntry>`;
}

const registry = createFormatRegistry(camtFormats);

/** Parses `xml` with the registry (detection, parse, integrity checks). */
export function parseXml(xml: string): ParsedDocument {
  return registry.parse(new TextEncoder().encode(xml));
}

/** The one statement of `xml`, failing the test if there is not exactly one. */
export function onlyStatement(xml: string): { statement: Statement; issues: Issue[] } {
  const parsed = parseXml(xml);
  if (parsed.statements.length !== 1)
    throw new Error(`expected one statement, got ${parsed.statements.length}: ${JSON.stringify(parsed.issues)}`);
  return { statement: parsed.statements[0]!, issues: parsed.issues };
}

/** The one entry of a one-statement document made of `head` and `entries`. */
export function onlyEntry(entryXml: string, envelope?: Envelope): { entry: Entry; issues: Issue[] } {
  const { statement, issues } = onlyStatement(camtDocument([HEAD + entryXml], envelope));
  if (statement.entries.length !== 1) throw new Error(`expected one entry, got ${statement.entries.length}: ${JSON.stringify(issues)}`);
  return { entry: statement.entries[0]!, issues };
}

/** A statement without the `source` of it, its entries and details (which depend on where things are). */
export function withoutSources(s: Statement): Statement {
  const { source: _, ...rest } = s;
  return {
    ...rest,
    entries: s.entries.map(({ source: _s, ...e }) => ({ ...e, details: e.details.map(({ source: _d, ...d }) => d) })),
  };
}
