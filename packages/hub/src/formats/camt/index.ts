/**
 * ISO 20022 camt.052, camt.053 and camt.054: the formats for the registry, the streaming parser and the
 * camt.052.001.08, camt.053.001.08 and camt.054.001.08 writers.
 *
 * @module
 */

export { type CamtFileOptions, decodeCamtBytes, parseCamtFile } from "./camt-file.js";
export { camt052Format, camt053Format, camt054Format, camtFormats } from "./camt-format.js";
export { CAMT_052_08, CAMT_053_08, CAMT_054_08, type CamtMessage, writeCamtMessage } from "./camt-message-writer.js";
export { parseCamt, parseCamtUtf8 } from "./camt-parser.js";
export { type CamtEvent, type CamtStreamContext, parseCamtStream, parseCamtStreamBatches } from "./camt-stream.js";
export { camt052Writer, writeCamt052 } from "./camt052-writer.js";
export { camt053Writer, writeCamt053 } from "./camt053-writer.js";
export { camt054Writer, writeCamt054 } from "./camt054-writer.js";
