/**
 * The sandbox's composition root: one ledger, one clock, one payment engine, one fault plan, and every
 * simulated bank's front end started over them on the loopback address. `bankbridge sandbox` and
 * `bankbridge start` call {@link startSandbox}; tests call it too.
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import { startAdminService } from "./admin/admin-service.js";
import { createSimClock, type SimClock } from "./clock/sim-clock.js";
import { createCcbTcpService } from "./dialects/ccb-tcp/index.js";
import { createCmbGateway } from "./dialects/cmb-gm/index.js";
import { createIcbcNcService } from "./dialects/icbc-nc/index.js";
import { type ControllableFaultPlan, createFaultPlan } from "./faults/create-fault-plan.js";
import { createLedger } from "./ledger/create-ledger.js";
import type { Ledger } from "./ledger/ledger-types.js";
import { createPaymentEngine } from "./payments/create-payment-engine.js";
import type { PaymentEngine } from "./payments/payment-types.js";
import { createPsd2Service } from "./psd2/index.js";
import { createPushService } from "./push/index.js";
import { createSeededRandom } from "./random/seeded-random.js";
import { DEFAULT_START, type SandboxScenario } from "./sandbox-scenario.js";
import type { EndpointInfo, RunningService, SandboxLogger, ServiceContext, ServiceFactory } from "./service.js";
import { createSftpService } from "./sftp/index.js";
import { createSandboxTls } from "./tls/index.js";

/** The services the sandbox can start, in start order, with their port offset from `portBase`. */
export const SANDBOX_SERVICES = ["admin", "icbc", "cmb", "ccb", "psd2", "sftp", "push"] as const;
/** A service id. */
export type SandboxServiceId = (typeof SANDBOX_SERVICES)[number];

// ICBC takes two ports (the front end and its signing service), hence the gap after it.
const PORT_OFFSET: Record<SandboxServiceId, number> = { admin: 0, icbc: 1, cmb: 3, ccb: 4, psd2: 5, sftp: 6, push: 7 };

/** Options for {@link startSandbox}. */
export interface SandboxOptions {
  /** Everything the banks hold follows from the seed. */
  readonly seed: string;
  /** Days of history before the clock's start. */
  readonly historyDays: number;
  readonly scenario?: SandboxScenario;
  /** First port; services take fixed offsets from it (see the docs). 0: every service picks a free port. */
  readonly portBase: number;
  /** Which services to start (default all). */
  readonly services?: readonly SandboxServiceId[];
  readonly logger?: SandboxLogger;
  /** The real clock, for a flowing simulated clock and certificates (tests pass their own). */
  readonly realNow?: () => number;
  /** Real milliseconds between clock ticks when simulated time flows (default 1000). */
  readonly tickMs?: number;
}

/** A running sandbox. */
export interface RunningSandbox {
  readonly endpoints: readonly EndpointInfo[];
  readonly ledger: Ledger;
  readonly clock: SimClock;
  readonly payments: PaymentEngine;
  readonly faults: ControllableFaultPlan;
  /** Stops every service. */
  close(): Promise<void>;
}

const QUIET: SandboxLogger = { info: () => {}, warn: () => {} };

/**
 * Starts the sandbox. Listens on 127.0.0.1 only.
 *
 * @example const sandbox = await startSandbox({ seed: "42", historyDays: 30, portBase: 0 }); await sandbox.close();
 */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const startText = options.scenario?.clock?.start ?? DEFAULT_START;
  const clock = createSimClock({
    startMs: Date.parse(startText),
    speed: options.scenario?.clock?.speed ?? 0,
    ...(options.realNow === undefined ? {} : { realNow: options.realNow }),
  });
  const root = createSeededRandom(options.seed);
  const logger = options.logger ?? QUIET;
  const ledger = createLedger({
    seed: options.seed,
    clock,
    historyDays: options.historyDays,
    // A front end failing on one booking (a push receiver, say) must not stop the clock for the others.
    onListenerError: (error, tx) => logger.warn("a booking listener failed", { transaction: tx.id, error: String(error) }),
  });
  const payments = createPaymentEngine({ ledger, clock, random: root.fork("payments") });
  const faults = createFaultPlan({
    random: root,
    ...(options.scenario?.faults === undefined ? {} : { scenario: options.scenario.faults }),
  });
  const tls = await createSandboxTls(options.realNow === undefined ? {} : { realNow: options.realNow });
  const factories: Record<Exclude<SandboxServiceId, "admin">, ServiceFactory> = {
    icbc: createIcbcNcService(),
    cmb: createCmbGateway(),
    ccb: createCcbTcpService(),
    psd2: createPsd2Service({ tls }),
    sftp: createSftpService(),
    push: createPushService(),
  };
  const wanted = new Set(options.services ?? SANDBOX_SERVICES);
  const running: RunningService[] = [];
  const context = (id: string): ServiceContext => ({
    ledger,
    payments,
    clock,
    faults,
    random: root.fork(`service:${id}`),
    logger,
    host: "127.0.0.1",
  });
  const port = (id: SandboxServiceId): number => (options.portBase === 0 ? 0 : options.portBase + PORT_OFFSET[id]);
  try {
    for (const id of SANDBOX_SERVICES) {
      if (!wanted.has(id)) continue;
      if (id === "admin") {
        // The admin token guards the ground truth and the clock; a fresh one per start, never derived from the seed.
        const token = randomBytes(24).toString("base64url");
        running.push(await startAdminService(context(id), { port: port(id), token, faultControl: faults }));
      } else {
        running.push(await factories[id](context(id), { port: port(id) }));
      }
    }
  } catch (e) {
    await Promise.allSettled(running.map((s) => s.close()));
    throw e;
  }
  const tickMs = options.tickMs ?? 1000;
  const ticker = clock.speed > 0 ? setInterval(() => clock.tick(), tickMs) : undefined;
  ticker?.unref();
  logger.info("sandbox started", { seed: options.seed, start: startText, services: running.map((s) => s.endpoint.id) });
  return {
    endpoints: running.map((s) => s.endpoint),
    ledger,
    clock,
    payments,
    faults,
    async close() {
      if (ticker !== undefined) clearInterval(ticker);
      await Promise.allSettled([...running].reverse().map((s) => s.close()));
    },
  };
}
