/**
 * TLS material (a throw-away CA and a loopback server certificate) for the sandbox's HTTPS/TLS services.
 *
 * @module
 */
export { createSandboxTls, type SandboxTls, type SandboxTlsOptions } from "./create-sandbox-tls.js";
