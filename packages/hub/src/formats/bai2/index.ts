export { bai2Format } from "./bai2-format.js";
export { type Bai2Direction, type Bai2Level, type Bai2TypeCode, bai2TypeCode, listedBai2TypeCodes } from "./bai2-type-codes.js";
export { parseBai2 } from "./parse-bai2.js";
