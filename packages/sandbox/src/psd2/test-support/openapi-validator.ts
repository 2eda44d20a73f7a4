/**
 * Validates HTTP responses against an OpenAPI 3.0 document: the status must be declared for the operation
 * (or a `default`), the media type must be one the response declares (none means no body), required
 * response headers must be present, and the body must match the schema. Schemas are compiled by Ajv in its
 * draft-04 dialect (OpenAPI 3.0's schema object is draft-04/wright-00: boolean `exclusiveMinimum`), with
 * the document's own `$ref`s resolved by Ajv against the whole document.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import type { ValidateFunction } from "ajv";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { parse } from "yaml";

/** A response as received. */
export interface ObservedResponse {
  readonly method: string;
  /** The path without the query (`/v1/accounts/abc/transactions`). */
  readonly path: string;
  readonly status: number;
  /** Header values by lower-case name. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The raw body text (empty when none). */
  readonly body: string;
  /** Response headers the document marks required are checked only when the request gave what they echo. */
  readonly checkRequiredHeaders: boolean;
}

/** A loaded document. */
export interface OpenApiValidator {
  /** The problems with a response; empty when it conforms. */
  problems(response: ObservedResponse): string[];
  /** The operation (`method template`) a path maps to, or undefined. */
  operationOf(method: string, path: string): string | undefined;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const DOC_ID = "openapi-document";
// Both packages are CommonJS with `exports.default`; under NodeNext the default import is the module object.
const Ajv04 = ajvDraft04.default;
const addFormats = ajvFormats.default;

/** Loads and prepares an OpenAPI 3.0 YAML or JSON file. */
export function loadOpenApiValidator(file: string): OpenApiValidator {
  const doc = parse(readFileSync(file, "utf8"), { maxAliasCount: -1 }) as Obj;
  const ajv = new Ajv04({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv);
  // OpenAPI formats that JSON Schema does not define; OpenAPI says unknown formats are annotations.
  for (const format of ["byte", "binary", "url", "ipv", "ipv4-or-ipv6", "int32", "int64", "float", "double", "password"]) {
    if (ajv.formats[format] === undefined) ajv.addFormat(format, true);
  }
  ajv.addSchema(doc, DOC_ID);

  const paths = isObj(doc.paths) ? doc.paths : {};
  const templates = Object.keys(paths).map((template) => ({
    template,
    // Literal segments first: "/v1/consents/{consentId}/status" must not be taken for a parameter.
    literal: template.split("/").filter((s) => !s.startsWith("{")).length,
    regex: new RegExp(
      `^${template
        .split("/")
        .map((s) => (s.startsWith("{") ? "[^/]+" : s.replace(/[.*+?^$()|[\]\\]/g, "\\$&")))
        .join("/")}$`,
    ),
  }));
  templates.sort((a, b) => b.literal - a.literal);
  const compiled = new Map<string, ValidateFunction>();

  const resolve = (node: unknown, pointer: string): { node: Obj; pointer: string } => {
    let current = node;
    let at = pointer;
    for (let i = 0; i < 10 && isObj(current) && typeof current.$ref === "string"; i++) {
      at = current.$ref.slice(1);
      current = at
        .split("/")
        .slice(1)
        .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
        .reduce<unknown>((o, key) => (isObj(o) ? o[key] : undefined), doc);
    }
    if (!isObj(current)) throw new Error(`OpenAPI document: cannot resolve ${pointer}`);
    return { node: current, pointer: at };
  };
  const esc = (s: string): string => s.replace(/~/g, "~0").replace(/\//g, "~1");

  const operationOf = (method: string, path: string): string | undefined => {
    const t = templates.find(
      (c) => c.regex.test(path) && isObj(paths[c.template]) && isObj((paths[c.template] as Obj)[method.toLowerCase()]),
    );
    return t === undefined ? undefined : `${method.toUpperCase()} ${t.template}`;
  };

  return {
    operationOf,
    problems(r) {
      let method = r.method;
      let op = operationOf(method, r.path);
      if (op === undefined && r.status === 405) {
        // A method the document does not define on a path it does: the path's own 405 answer applies.
        const t = templates.find((c) => c.regex.test(r.path));
        const other =
          t === undefined ? undefined : Object.keys(paths[t.template] as Obj).find((m) => /^(get|post|put|delete|patch)$/.test(m));
        if (other !== undefined) {
          method = other;
          op = operationOf(method, r.path);
        }
      }
      if (op === undefined) return [`${r.method} ${r.path}: no such operation in the document`];
      const template = op.slice(op.indexOf(" ") + 1);
      const operation = (paths[template] as Obj)[method.toLowerCase()] as Obj;
      const responses = isObj(operation.responses) ? operation.responses : {};
      const key = String(r.status) in responses ? String(r.status) : "default" in responses ? "default" : undefined;
      if (key === undefined) return [`${op}: status ${r.status} is not declared`];
      const base = `/paths/${esc(template)}/${method.toLowerCase()}/responses/${key}`;
      const { node: response, pointer } = resolve(responses[key], base);
      const problems: string[] = [];
      if (r.checkRequiredHeaders && isObj(response.headers)) {
        for (const [name, h] of Object.entries(response.headers)) {
          const header = resolve(h, `${pointer}/headers/${esc(name)}`).node;
          if (header.required === true && r.headers[name.toLowerCase()] === undefined)
            problems.push(`${op} ${r.status}: header ${name} is required`);
        }
      }
      const content = isObj(response.content) ? response.content : undefined;
      if (content === undefined) {
        if (r.body.length > 0) problems.push(`${op} ${r.status}: no body is declared, got ${r.body.length} characters`);
        return problems;
      }
      const mediaType = (r.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
      if (!(mediaType in content)) {
        problems.push(`${op} ${r.status}: content type "${mediaType}" is not one of ${Object.keys(content).join(", ")}`);
        return problems;
      }
      const media = content[mediaType];
      if (!isObj(media) || media.schema === undefined) return problems;
      if (!mediaType.includes("json")) return problems;
      let body: unknown;
      try {
        body = JSON.parse(r.body);
      } catch {
        problems.push(`${op} ${r.status}: body is not JSON`);
        return problems;
      }
      const schemaPointer = `${pointer}/content/${esc(mediaType)}/schema`;
      let validate = compiled.get(schemaPointer);
      if (validate === undefined) {
        validate = ajv.compile({ $ref: `${DOC_ID}#${schemaPointer}` });
        compiled.set(schemaPointer, validate);
      }
      if (!validate(body)) {
        for (const e of validate.errors ?? [])
          problems.push(`${op} ${r.status}: ${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
      }
      return problems;
    },
  };
}
