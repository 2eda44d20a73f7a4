/**
 * What every simulated-bank front end is given and what it gives back. The composition root
 * (`start-sandbox.ts`) builds one {@link ServiceContext}, starts each service with it, and prints/writes the
 * {@link EndpointInfo} of each (`bankbridge sandbox --endpoints FILE`, schema in `docs/sandbox.md`).
 *
 * @module
 */
import type { SimClock } from "./clock/sim-clock.js";
import type { FaultPlan } from "./faults/fault-types.js";
import type { Ledger } from "./ledger/ledger-types.js";
import type { PaymentEngine } from "./payments/payment-types.js";
import type { SeededRandom } from "./random/seeded-random.js";

/** Where the sandbox logs. Never given secrets. */
export interface SandboxLogger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** What a service needs: the bank's truth, time, faults, and where to listen. */
export interface ServiceContext {
  readonly ledger: Ledger;
  readonly payments: PaymentEngine;
  readonly clock: SimClock;
  readonly faults: FaultPlan;
  /** A random stream for this service (fork it per purpose); deterministic under the seed. */
  readonly random: SeededRandom;
  readonly logger: SandboxLogger;
  /** Always a loopback address; the sandbox never listens beyond this machine. */
  readonly host: string;
}

/** The protocol a service speaks. */
export type SandboxProtocol = "icbc-nc" | "cmb-gm" | "ccb-tcp" | "psd2" | "sftp" | "push" | "admin";

/**
 * How to reach a service: printed by `bankbridge sandbox` and written as JSON with `--endpoints`.
 * Plain JSON only (strings, numbers, arrays, objects): scripts and tests read it.
 */
export interface EndpointInfo {
  /** Stable id (`icbc`, `cmb`, `ccb`, `psd2`, `sftp`, `push`, `admin`). */
  readonly id: string;
  readonly protocol: SandboxProtocol;
  /** One line for humans. */
  readonly description: string;
  /** Main address: `http://127.0.0.1:PORT/path`, `https://…`, `tcp://127.0.0.1:PORT`, `sftp://user@127.0.0.1:PORT`. */
  readonly url: string;
  /** Further addresses by role (ICBC's signing port, PSD2's authorisation page…). */
  readonly urls?: Readonly<Record<string, string>>;
  /** Credentials a client needs, by name (user ids, API keys, PEM keys, certificate fingerprints). */
  readonly credentials: Readonly<Record<string, string>>;
  /** The account numbers this service serves. */
  readonly accounts: readonly string[];
}

/** A started service. */
export interface RunningService {
  readonly endpoint: EndpointInfo;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Starts one service; `port` 0 picks a free one. */
export type ServiceFactory = (context: ServiceContext, options: { readonly port: number }) => Promise<RunningService>;
