/**
 * API-key authentication: `Authorization: Bearer <secret>`, checked against the store's hashed keys.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { HubError } from "../core/index.js";
import type { ApiKey, ApiKeyRepo, Role } from "../store/store.js";

/** Hono environment of authenticated routes: the verified key is `c.get("apiKey")`. */
export interface AuthEnv {
  Variables: { apiKey: ApiKey };
}

/**
 * Middleware that admits a request only with a live API key. No header → `AUTH_REQUIRED`; a header that
 * is not a Bearer credential or names no live key → `AUTH_INVALID` (both 401 with `WWW-Authenticate`).
 */
export const requireApiKey = (apiKeys: Pick<ApiKeyRepo, "verify">): MiddlewareHandler<AuthEnv> =>
  async function requireApiKey(c, next) {
    const header = c.req.header("authorization");
    if (header === undefined || header.trim() === "") {
      c.header("www-authenticate", 'Bearer realm="bankbridge"');
      throw new HubError("AUTH_REQUIRED", "send an API key as 'Authorization: Bearer <key>'");
    }
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    const key = match?.[1] === undefined ? undefined : await apiKeys.verify(match[1]);
    if (key === undefined) {
      c.header("www-authenticate", 'Bearer realm="bankbridge", error="invalid_token"');
      // Never echo the credential: a mistyped key is still mostly a secret.
      throw new HubError(
        "AUTH_INVALID",
        match === null ? "Authorization header is not 'Bearer <key>'" : "API key is not valid or was revoked",
      );
    }
    c.set("apiKey", key);
    await next();
  };

/** Middleware that admits only keys with one of `roles` (after {@link requireApiKey}); else `FORBIDDEN`. */
export const requireRole = (...roles: readonly Role[]): MiddlewareHandler<AuthEnv> =>
  async function requireRole(c, next) {
    const key = c.get("apiKey");
    if (!roles.includes(key.role)) {
      throw new HubError("FORBIDDEN", `this action needs one of the roles ${roles.join(", ")}; the key has ${key.role}`, {
        details: { role: key.role, required: [...roles] },
      });
    }
    await next();
  };
