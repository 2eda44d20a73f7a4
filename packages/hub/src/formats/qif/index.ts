export { parseQif } from "./parse-qif.js";
export { qifFormat } from "./qif-format.js";
