/**
 * Stored transactions, filtered and paged.
 *
 * @module
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AccountId, IsoDate, TransactionId } from "../../core/index.js";
import { HubError } from "../../core/index.js";
import type { Store } from "../../store/store.js";
import type { AuthEnv } from "../auth.js";
import { authProblems, IdParam, json, problem, TransactionPageSchema, TransactionQuerySchema, TransactionSchema } from "../schemas.js";
import { transactionView } from "../views.js";

const security = [{ bearer: [] }];

const listTransactions = createRoute({
  method: "get",
  path: "/v1/transactions",
  tags: ["transactions"],
  summary: "Transactions newest first, in pages",
  security,
  request: { query: TransactionQuerySchema },
  responses: {
    ...authProblems(),
    200: json(TransactionPageSchema, "A page of transactions; follow `nextCursor` for the next."),
    400: problem("A query parameter is invalid (REQUEST_INVALID)."),
  },
});

const getTransaction = createRoute({
  method: "get",
  path: "/v1/transactions/{id}",
  tags: ["transactions"],
  summary: "One transaction",
  security,
  request: { params: IdParam },
  responses: {
    ...authProblems(),
    200: json(TransactionSchema, "The transaction."),
    404: problem("No such transaction (NOT_FOUND)."),
  },
});

/** Registers the `/v1/transactions` routes. */
export function registerTransactionRoutes(app: OpenAPIHono<AuthEnv>, deps: { readonly store: Pick<Store, "transactions"> }): void {
  const { store } = deps;

  app.openapi(listTransactions, async (c) => {
    const q = c.req.valid("query");
    const page = await store.transactions.list({
      tenantId: c.get("apiKey").tenantId,
      ...(q.accountId === undefined ? {} : { accountId: q.accountId as AccountId }),
      ...(q.from === undefined ? {} : { from: q.from as IsoDate }),
      ...(q.to === undefined ? {} : { to: q.to as IsoDate }),
      ...(q.status === undefined ? {} : { status: q.status }),
      ...(q.limit === undefined ? {} : { limit: q.limit }),
      ...(q.cursor === undefined ? {} : { cursor: q.cursor }),
    });
    return c.json({ items: page.items.map(transactionView), nextCursor: page.nextCursor ?? null }, 200);
  });

  app.openapi(getTransaction, async (c) => {
    const { id } = c.req.valid("param");
    const tx = await store.transactions.get(c.get("apiKey").tenantId, id as TransactionId);
    if (tx === undefined) throw new HubError("NOT_FOUND", `transaction ${id} does not exist`, { details: { id } });
    return c.json(transactionView(tx), 200);
  });
}
