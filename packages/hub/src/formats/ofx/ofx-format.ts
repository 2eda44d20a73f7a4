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
    return filename !== undefined && /\.(ofx|qfx)$/i.test(filename) ? 0.9 : 0.85;
  },
  parse: parseOfx,
  stream: parseOfxStreamBatches,
};
