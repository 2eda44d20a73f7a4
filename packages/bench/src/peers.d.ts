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
