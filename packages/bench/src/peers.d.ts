// The smallest types for peer parsers that ship none, describing only what the benchmarks call.
declare module "@centrapay/swift-parser" {
  export function parse(options: { type: "mt940" | "mt942"; data: string; validate?: boolean }): { transactions: unknown[] }[];
}
declare module "mt940js" {
  export class Parser {
    parse(text: string, withTags?: boolean): { transactions: unknown[] }[];
  }
}
declare module "node-ofx-parser" {
  export function parse(text: string): unknown;
}
// ofx-js before its 1.0 rewrite (xml2js underneath): the version whose speeds issue 4 quotes, measured beside the current one.
declare module "ofx-js-0.2" {
  export function parse(text: string): Promise<unknown>;
}
