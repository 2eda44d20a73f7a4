export { entriesCsvWriter } from "./entries-csv-writer.js";
