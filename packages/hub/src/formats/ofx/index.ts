export { ofxFormat } from "./ofx-format.js";
export { parseOfx } from "./parse-ofx.js";
