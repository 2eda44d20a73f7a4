/**
 * ISO 20022 camt.052, camt.053 and camt.054: the formats for the registry, the streaming parser and the
 * camt.053.001.08 writer.
 *
 * @module
 */

export { type CamtFileOptions, decodeCamtBytes, parseCamtFile } from "./camt-file.js";
export { camt052Format, camt053Format, camt054Format, camtFormats } from "./camt-format.js";
export { parseCamt } from "./camt-parser.js";
export { type CamtEvent, type CamtStreamContext, parseCamtStream } from "./camt-stream.js";
export { camt053Writer, writeCamt053 } from "./camt053-writer.js";
