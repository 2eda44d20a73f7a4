/**
 * The endpoints file (`bankbridge sandbox --endpoints FILE`) and the listing printed at start. The JSON
 * schema is documented in `docs/sandbox.md`; scripts and tests read it, so fields are only ever added.
 *
 * @module
 */
import type { EndpointInfo } from "./service.js";

/** The endpoints file. */
export interface EndpointsDocument {
  /** Schema version of this file. */
  readonly version: 1;
  readonly seed: string;
  /** The simulated clock's start instant. */
  readonly start: string;
  readonly historyDays: number;
  readonly endpoints: readonly EndpointInfo[];
}

/** The file's content for a running sandbox. */
export function endpointsDocument(
  meta: Omit<EndpointsDocument, "version" | "endpoints">,
  endpoints: readonly EndpointInfo[],
): EndpointsDocument {
  return { version: 1, seed: meta.seed, start: meta.start, historyDays: meta.historyDays, endpoints };
}

/**
 * A human listing: every endpoint with its addresses and credentials. Multi-line values (PEM keys) are
 * not printed inline — they are in the endpoints file — so the listing stays readable.
 */
export function formatEndpoints(doc: EndpointsDocument, endpointsFile?: string): string {
  const lines: string[] = [`BankBridge sandbox — seed ${doc.seed}, simulated time from ${doc.start}, ${doc.historyDays} days of history`];
  for (const e of doc.endpoints) {
    lines.push("", `${e.id} (${e.protocol}): ${e.description}`, `  url: ${e.url}`);
    for (const [role, url] of Object.entries(e.urls ?? {})) lines.push(`  ${role}: ${url}`);
    for (const [name, value] of Object.entries(e.credentials)) {
      const shown = value.includes("\n") ? `(${value.split("\n").length} lines; see the endpoints file)` : value;
      lines.push(`  ${name}: ${shown}`);
    }
    if (e.accounts.length > 0) lines.push(`  accounts: ${e.accounts.join(", ")}`);
  }
  lines.push(
    "",
    endpointsFile === undefined ? "Write all of this as JSON with --endpoints FILE." : `Endpoints written to ${endpointsFile}.`,
  );
  return `${lines.join("\n")}\n`;
}
