/**
 * 国密 primitives for the sandbox's Chinese bank gateways: SM2-with-SM3 signatures, SM3 digests and
 * SM4-CBC encryption.
 *
 * @module
 */
export * from "./sm2.js";
export * from "./sm3.js";
export * from "./sm4.js";
