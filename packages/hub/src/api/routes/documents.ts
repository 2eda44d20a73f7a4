/**
 * Uploading a raw bank document: the body is the file itself, in any format and with any content type.
 *
 * @module
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { HubError } from "../../core/index.js";
import { importDocument } from "../../engine/import-document.js";
import type { Store } from "../../store/store.js";
import { type AuthEnv, requireRole } from "../auth.js";
import { authProblems, DocumentQuerySchema, ImportReportSchema, json, problem } from "../schemas.js";
import { importReportView } from "../views.js";

/** Largest document `POST /v1/documents` accepts: 50 MiB, far above any daily statement file. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

/** Registers `POST /v1/documents`. */
export function registerDocumentRoutes(
  app: OpenAPIHono<AuthEnv>,
  deps: { readonly store: Store; readonly maxDocumentBytes: number },
): void {
  const { store, maxDocumentBytes } = deps;
  const postDocument = createRoute({
    method: "post",
    path: "/v1/documents",
    tags: ["ingest"],
    summary: "Upload a bank file and import it",
    description:
      "The request body is the raw file (any content type). It is saved under its SHA-256 before it is parsed, then its " +
      "statements are imported idempotently: uploading the same file again adds nothing. A file no parser recognises is " +
      "still recorded, as a failed ingest run with a FORMAT_UNSUPPORTED issue. Needs the admin or operator role.",
    security: [{ bearer: [] }],
    // Role before size: a key that may not upload should not make the server read 50 MB first.
    middleware: [
      requireRole("admin", "operator"),
      bodyLimit({
        maxSize: maxDocumentBytes,
        onError: () => {
          throw new HubError("FILE_TOO_LARGE", `document is larger than ${maxDocumentBytes} bytes`, {
            details: { limit: maxDocumentBytes },
          });
        },
      }),
    ] as const,
    request: {
      query: DocumentQuerySchema,
      body: {
        required: true,
        // A range, not a JSON media type: the validator then leaves the body alone and any bytes reach the handler.
        content: { "*/*": { schema: z.string().openapi({ format: "binary" }) } },
      },
    },
    responses: {
      ...authProblems(),
      201: json(ImportReportSchema, "The document was saved and an ingest run recorded; `status` and `issues` tell how it went."),
      400: problem("The body is empty (REQUEST_INVALID)."),
      403: problem("The key's role may not upload (FORBIDDEN)."),
      413: problem("The body is larger than the limit (FILE_TOO_LARGE)."),
    },
  });

  app.openapi(postDocument, async (c) => {
    const { filename } = c.req.valid("query");
    const content = new Uint8Array(await c.req.arrayBuffer());
    if (content.byteLength === 0) throw new HubError("REQUEST_INVALID", "request body is empty; send the bank file as the body");
    const mediaType = c.req.header("content-type");
    const report = await importDocument({
      store,
      tenantId: c.get("apiKey").tenantId,
      content,
      source: filename === undefined ? "api" : `api:${filename}`,
      ...(filename === undefined ? {} : { filename }),
      ...(mediaType === undefined ? {} : { mediaType }),
    });
    c.header("location", `/v1/ingest-runs/${encodeURIComponent(report.runId)}`);
    return c.json(importReportView(report), 201);
  });
}
