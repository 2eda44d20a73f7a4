/**
 * The OFX parser: OFX 1.x SGML and 2.x XML (and QFX, which is OFX with Quicken's extra elements) into
 * canonical statements. 2.x goes through the safe XML reader; a 2.x file that is not well-formed XML
 * (unclosed leaf elements under an XML declaration, ANZ's `anzcc.ofx`; HTML entities) and every 1.x file go
 * through the tolerant SGML reader. Both feed the same statement builder.
 *
 * @module
 */
import type { Issue } from "../../core/index.js";
import type { FormatResult, ParseContext } from "../format.js";
import { readXml } from "../xml/index.js";
import { readOfxHeader } from "./ofx-header.js";
import { OfxIssues } from "./ofx-issues.js";
import { readOfxSgml } from "./ofx-sgml-reader.js";
import { OfxStatementBuilder } from "./ofx-statement-builder.js";
import { LEAVES } from "./ofx-tags.js";

function reject(issues: Issue[], issue: Issue): FormatResult {
  return { statements: [], issues: issues.includes(issue) ? issues : [...issues, issue], rejected: issue };
}

/** Parses an OFX or QFX document into one statement per bank or credit-card statement. Never throws on bad input. */
export function parseOfx(text: string, _context: ParseContext): FormatResult {
  const header = readOfxHeader(text);
  if (header === undefined) {
    return reject([], {
      severity: "error",
      code: "FORMAT_UNSUPPORTED",
      message: "no OFX header and no <OFX> element: not an OFX document",
    });
  }
  let issues = new OfxIssues();
  let builder = new OfxStatementBuilder(issues);
  let viaSgml = header.syntax === "sgml";
  if (!viaSgml) {
    try {
      readXml(text.slice(header.bodyStart), builder);
    } catch (e) {
      // Not well-formed XML. Banks send 2.x headers over SGML bodies; read it again, tolerantly, from scratch.
      const reason = e instanceof Error ? e.message : String(e);
      const code = typeof e === "object" && e !== null && "code" in e ? String(e.code) : "XML_MALFORMED";
      issues = new OfxIssues();
      builder = new OfxStatementBuilder(issues);
      issues.add(
        "warning",
        "OFX_XML_MALFORMED",
        `the OFX 2 document is not well-formed XML (${reason.slice(0, 200)}); it was read as OFX 1 SGML`,
        "",
        {
          xmlCode: code,
        },
      );
      viaSgml = true;
    }
  }
  if (viaSgml) {
    const result = readOfxSgml(text, header.bodyStart, builder, { leaves: LEAVES });
    if (result.unclosed > 0) {
      issues.add("warning", "OFX_TRUNCATED", `the document ends with ${result.unclosed} element(s) still open: it may be cut off`, "");
    }
  }
  const list = issues.list();
  if (builder.statements.length === 0) {
    const why =
      list.find((i) => i.severity === "error") ??
      ({
        severity: "error",
        code: "OFX_NO_STATEMENTS",
        message:
          builder.statementCount === 0
            ? "the OFX document holds no bank or credit-card statement (STMTRS, CCSTMTRS)"
            : "no statement of the OFX document could be read",
      } satisfies Issue);
    return reject(list, why);
  }
  return { statements: builder.statements, issues: list };
}
