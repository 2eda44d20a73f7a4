/**
 * BankBridge's own canonical JSON (`docs/model.md`) as an input format: what `bankbridge parse` prints can
 * be imported again, and scripts can feed statements they built themselves.
 *
 * @module
 */
import { statementsFromJson } from "../../core/index.js";
import type { StatementFormat } from "../format.js";

/** The canonical JSON format. */
export const canonicalJsonFormat: StatementFormat = {
  id: "canonical-json",
  description: "BankBridge canonical JSON (docs/model.md): one statement, a list, or { statements: [...] }",
  sniff({ text }) {
    const start = text.trimStart();
    if (!start.startsWith("{") && !start.startsWith("[")) return 0;
    // The names every canonical document has near its start.
    return /"(statements|account|entries|openingBalance)"\s*:/.test(start.slice(0, 4096)) ? 0.9 : 0.3;
  },
  parse(text) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      const issue = {
        severity: "error" as const,
        code: "FORMAT_UNSUPPORTED",
        message: `document is not JSON (${e instanceof SyntaxError ? e.message : "invalid JSON"})`,
      };
      return { statements: [], issues: [issue], rejected: issue };
    }
    const decoded = statementsFromJson(value);
    // Nothing readable and something wrong: refused, as a list or `{ statements }` of another tool's JSON too (it
    // used to pass with no statements, and `bankbridge parse` printed nothing with exit 0). An empty list is not.
    if (decoded.statements.length === 0 && decoded.issues.length > 0) {
      const issue = decoded.issues[0] ?? { severity: "error" as const, code: "MODEL_INVALID", message: "not a canonical statement" };
      return { statements: [], issues: decoded.issues, rejected: issue };
    }
    return { statements: decoded.statements, issues: decoded.issues };
  },
};
