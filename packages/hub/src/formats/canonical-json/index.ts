export { canonicalJsonFormat } from "./canonical-json-format.js";
