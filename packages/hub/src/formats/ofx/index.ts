export { ofxFormat } from "./ofx-format.js";
export { parseOfx } from "./parse-ofx.js";
export { type OfxEvent, type OfxStreamContext, parseOfxStream, parseOfxStreamBatches } from "./parse-ofx-stream.js";
export { generateOfx, type OfxSampleOptions } from "./sample-ofx.js";
