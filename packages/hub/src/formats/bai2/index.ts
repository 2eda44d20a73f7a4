export { bai2Format } from "./bai2-format.js";
export { type Bai2Direction, type Bai2Level, type Bai2TypeCode, bai2TypeCode, listedBai2TypeCodes } from "./bai2-type-codes.js";
export { bai2Writer, writeBai2 } from "./bai2-writer.js";
export { parseBai2 } from "./parse-bai2.js";
export { type Bai2Event, type Bai2StreamContext, parseBai2Stream, parseBai2StreamBatches } from "./parse-bai2-stream.js";
export { type Bai2SampleOptions, generateBai2 } from "./sample-bai2.js";
