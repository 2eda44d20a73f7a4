/**
 * The HTTP API.
 *
 * @module
 */
export { type ApiLogger, type App, type AppOptions, createApp } from "./app.js";
export { type AuthEnv, requireApiKey, requireRole } from "./auth.js";
export { classifyError, PROBLEM_MEDIA_TYPE, type Problem, toProblem } from "./problem.js";
export { DEFAULT_MAX_DOCUMENT_BYTES } from "./routes/documents.js";
