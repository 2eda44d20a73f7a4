/**
 * Real-time push: when a transaction books in the ledger, the bank POSTs a signed notification to every
 * subscribed receiver, as banks' webhook and "instant notification" services do.
 *
 * **Subscribing.** `EndpointInfo.url` is the push service's own HTTP API (`http://127.0.0.1:PORT`); every call
 * needs `Authorization: Bearer <credentials.token>` (else 401 `{"code":"UNAUTHORIZED"}`).
 * - `POST /subscriptions` `{"url": "http://127.0.0.1:9000/hook", "format": "json" | "camt.054", "accounts": ["…"]}`
 *   → 201 `{id, url, format, accounts?}`. `format` defaults to `json`; `accounts` (optional) narrows to those
 *   accounts. Refusals are 400 `{code, message}`: `URL_NOT_LOOPBACK` (receivers must be `http://` on
 *   127.0.0.0/8, `localhost` or `[::1]`: the sandbox never sends traffic off the machine), `FORMAT_UNSUPPORTED`,
 *   `ACCOUNT_UNKNOWN`, `BAD_REQUEST`. Subscriptions can also be given as the `subscriptions` option.
 * - `GET /subscriptions`, `DELETE /subscriptions/{id}` (204, or 404 `NOT_FOUND`).
 * - `GET /deliveries` → `{deliveries: [{notificationId, subscriptionId, accountId, transactionId, status
 *   ("pending" | "delivered" | "failed"), attempts, lastStatus?, lastError?}]}` (the latest 10,000).
 *
 * **Notifications.** One per booking (pending card authorisations too, for `json`), POSTed to the URL with:
 * - `json` (every bank): `Content-Type: application/json`, body `{"id": "ntf-<serial>", "type":
 *   "transaction.booked" | "transaction.pending", "createdAt": <booking instant, bank time>, "bankId",
 *   "accountId", "transaction": <the ledger's SandboxTransaction, amounts as strings of minor units>}`.
 * - `camt.054` (the euro bank `eubank` only; option `camt054Bank`): `Content-Type: application/xml`, an ISO 20022
 *   camt.054.001.08 debit/credit notification with the one entry, valid against the ISO schema.
 *
 * Headers: `X-Sandbox-Notification-Id: ntf-<serial>` (stable: the same on every attempt and every duplicate),
 * `X-Sandbox-Delivery-Attempt: <n>` (1-based), and `X-Sandbox-Signature: t=<unix seconds>,v1=<hex>` where `<hex>`
 * is HMAC-SHA256, keyed with `credentials.signingSecret` (UTF-8), over `"<t>.<body>"` (the raw body bytes). `t` is
 * the bank's simulated clock at sending, in seconds: compare it with the sandbox's time, not your wall clock.
 * {@link verifyPush} is the receiver's check.
 *
 * **Delivery.** A 2xx answer delivers. A 5xx, 408, 429, a refused or reset connection or no answer within
 * `timeoutMs` (default 5 s) is retried after 1 s, 2 s, 4 s… (at most 5 min; option `retryDelayMs`), on real
 * timers (a receiver's outage is real time, and a frozen simulated clock would never fire a retry), up to
 * `maxAttempts` (default 6) attempts; then the delivery is recorded as `failed`. Any other 4xx fails it at once.
 * Notifications of one account to one subscription are sent one at a time in booking order: a retry holds back
 * the later ones. Delivery is at-least-once: deduplicate by the notification id.
 *
 * **Faults.** `faults.decide("push:deliver")` per attempt: latency delays the attempt; `garble` sends it twice
 * (a duplicate, same id and body); any other action fails the attempt without sending (it is retried).
 *
 * @module
 */
export {
  ATTEMPT_HEADER,
  createPushService,
  isLoopbackUrl,
  NOTIFICATION_ID_HEADER,
  type PushDelivery,
  type PushFormat,
  type PushOptions,
  type PushSubscription,
  SIGNATURE_HEADER,
  signPush,
  startPush,
  verifyPush,
} from "./push-service.js";
