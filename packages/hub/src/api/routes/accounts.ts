/**
 * Accounts and their balance history.
 *
 * @module
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AccountId, BalanceType, IsoDate } from "../../core/index.js";
import { HubError } from "../../core/index.js";
import type { Store } from "../../store/store.js";
import type { AuthEnv } from "../auth.js";
import { AccountIdParam, AccountSchema, authProblems, BalanceQuerySchema, BalanceSchema, json, problem } from "../schemas.js";
import { accountView, balanceView } from "../views.js";

const security = [{ bearer: [] }];

const listAccounts = createRoute({
  method: "get",
  path: "/v1/accounts",
  tags: ["accounts"],
  summary: "Accounts of the key's tenant",
  security,
  responses: {
    ...authProblems(),
    200: json(z.object({ items: z.array(AccountSchema) }), "Every account, in creation order."),
  },
});

const getAccount = createRoute({
  method: "get",
  path: "/v1/accounts/{accountId}",
  tags: ["accounts"],
  summary: "One account",
  security,
  request: { params: AccountIdParam },
  responses: {
    ...authProblems(),
    200: json(AccountSchema, "The account."),
    404: problem("No such account (ACCOUNT_NOT_FOUND)."),
  },
});

const listBalances = createRoute({
  method: "get",
  path: "/v1/accounts/{accountId}/balances",
  tags: ["accounts"],
  summary: "Balance history of an account, newest first",
  security,
  request: { params: AccountIdParam, query: BalanceQuerySchema },
  responses: {
    ...authProblems(),
    200: json(z.object({ items: z.array(BalanceSchema) }), "Balances, newest date first."),
    404: problem("No such account (ACCOUNT_NOT_FOUND)."),
  },
});

/** Registers the `/v1/accounts` routes. */
export function registerAccountRoutes(app: OpenAPIHono<AuthEnv>, deps: { readonly store: Pick<Store, "accounts" | "balances"> }): void {
  const { store } = deps;
  const findAccount = async (tenantId: Parameters<Store["accounts"]["get"]>[0], id: string) => {
    const account = await store.accounts.get(tenantId, id as AccountId);
    if (account === undefined) throw new HubError("ACCOUNT_NOT_FOUND", `account ${id} does not exist`, { details: { accountId: id } });
    return account;
  };

  app.openapi(listAccounts, async (c) => {
    const accounts = await store.accounts.list(c.get("apiKey").tenantId);
    return c.json({ items: accounts.map(accountView) }, 200);
  });

  app.openapi(getAccount, async (c) => {
    const account = await findAccount(c.get("apiKey").tenantId, c.req.valid("param").accountId);
    return c.json(accountView(account), 200);
  });

  app.openapi(listBalances, async (c) => {
    const tenantId = c.get("apiKey").tenantId;
    const account = await findAccount(tenantId, c.req.valid("param").accountId);
    const q = c.req.valid("query");
    const balances = await store.balances.history(tenantId, account.id, {
      ...(q.type === undefined ? {} : { types: q.type.split(",") as BalanceType[] }),
      ...(q.from === undefined ? {} : { from: q.from as IsoDate }),
      ...(q.to === undefined ? {} : { to: q.to as IsoDate }),
      ...(q.limit === undefined ? {} : { limit: q.limit }),
    });
    return c.json({ items: balances.map(balanceView) }, 200);
  });
}
