/**
 * OFX and QFX (Open Financial Exchange 1.x SGML and 2.x XML; QFX is Quicken's name for OFX) as a BankBridge
 * format. See `ofx-machine.ts` for how the document is read and `ofx-statement-builder.ts` for what becomes what.
 *
 * @module
 */
import type { StatementFormat } from "../format.js";
import { OFX_ROOT, readOfxHeader } from "./ofx-header.js";
import { parseOfx } from "./parse-ofx.js";
import { parseOfxStreamBatches } from "./parse-ofx-stream.js";

/**
 * Whether `text` before `end` holds two or more lines of a table: two or more of one cell separator (`,` `;` tab).
 * Header lines (`Name: value`, `KEY:VALUE`, as an HTTP response or an OFX 1 header writes them) and an HTTP status
 * line are none.
 */
function tableBefore(text: string, end: number): boolean {
  let rows = 0;
  for (const line of text.slice(0, end).split(/\r\n|\r|\n/)) {
    if (/^(?:[A-Za-z][A-Za-z0-9-]*:|HTTP\/\d)/.test(line)) continue;
    if (line.split(",").length > 2 || line.split(";").length > 2 || line.split("\t").length > 2) rows++;
    if (rows >= 2) return true;
  }
  return false;
}

/**
 * The OFX format (`ofx`), which also reads QFX. Recognised by the `OFXHEADER:` block of 1.x, the
 * `<?OFX …?>` instruction of 2.x, or an `<OFX>` element near the start of a header-less document.
 *
 * @example
 * const registry = createFormatRegistry([ofxFormat]);
 * const { statements } = registry.parse(bytes, { filename: "download.qfx" }); // one statement per STMTRS/CCSTMTRS
 */
export const ofxFormat: StatementFormat = {
  id: "ofx",
  description: "OFX/QFX 1.x (SGML) and 2.x (XML): bank and credit-card statements",
  sniff({ text, filename }) {
    const header = readOfxHeader(text);
    if (header === undefined) return 0;
    if (header.syntax === "xml") {
      // An XML declaration alone says nothing: camt has one too. The OFX instruction or root must follow.
      const head = text.slice(header.bodyStart, header.bodyStart + 4096).toUpperCase();
      return head.includes("<?OFX") || OFX_ROOT.test(head) ? 0.95 : 0;
    }
    if (header.fields.OFXHEADER !== undefined) return 1;
    const named = filename !== undefined && /\.(ofx|qfx)$/i.test(filename);
    // A header-less body. Found after rows of a table (a CSV cell that mentions `<OFX>`), `<OFX>` is more likely a
    // word of the table than the document's root. Header lines, a saved HTTP response or a stray byte before it
    // are no table (review: f8d3e51 refused them for any text before `<OFX>`).
    if (tableBefore(text, header.bodyStart)) return named ? 0.5 : 0.3;
    return named ? 0.9 : 0.85;
  },
  parse: parseOfx,
  stream: parseOfxStreamBatches,
};
