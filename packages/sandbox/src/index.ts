/**
 * @bankbridge/sandbox: simulated banks that speak real bank protocols — a seeded ledger on a simulated
 * clock, 银企直连 dialects (ICBC-NC-like, CMB-like 国密, CCB-like TCP), Berlin Group PSD2, fault injection.
 * `startSandbox` is the composition root; `docs/sandbox.md` describes every endpoint.
 *
 * @module
 */
export { startAdminService } from "./admin/admin-service.js";
export * from "./clock/sim-clock.js";
export { createCcbTcpService, startCcbTcp } from "./dialects/ccb-tcp/index.js";
export { createCmbGateway, startCmbGateway } from "./dialects/cmb-gm/index.js";
export { createIcbcNcService, startIcbcNc } from "./dialects/icbc-nc/index.js";
export { type EndpointsDocument, endpointsDocument, formatEndpoints } from "./endpoints-document.js";
export { type ControllableFaultPlan, createFaultPlan } from "./faults/create-fault-plan.js";
export { type FaultScenario, parseFaultScenario } from "./faults/fault-scenario.js";
export type * from "./faults/fault-types.js";
export { noFaults } from "./faults/no-faults.js";
export { createLedger } from "./ledger/create-ledger.js";
export { serializeGroundTruth } from "./ledger/ground-truth.js";
export type * from "./ledger/ledger-types.js";
export { createPaymentEngine } from "./payments/create-payment-engine.js";
export type * from "./payments/payment-types.js";
export { createPsd2Service, startPsd2 } from "./psd2/index.js";
export {
  ATTEMPT_HEADER,
  createPushService,
  NOTIFICATION_ID_HEADER,
  type PushDelivery,
  type PushFormat,
  type PushOptions,
  type PushSubscription,
  SIGNATURE_HEADER,
  signPush,
  startPush,
  verifyPush,
} from "./push/index.js";
export * from "./random/seeded-random.js";
export { DEFAULT_START, parseSandboxScenario, type SandboxScenario } from "./sandbox-scenario.js";
export type * from "./service.js";
export { createSftpService, type SftpOptions, startSftp } from "./sftp/index.js";
export { type RunningSandbox, SANDBOX_SERVICES, type SandboxOptions, type SandboxServiceId, startSandbox } from "./start-sandbox.js";
export { bookingNotification, endOfDayStatement, intradayReport } from "./statements/index.js";
export { createSandboxTls, type SandboxTls } from "./tls/index.js";
