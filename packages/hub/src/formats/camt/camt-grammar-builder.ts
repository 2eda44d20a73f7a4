/**
 * How the camt grammar is built and stored: a graph of nodes (one per element path the parser reads, shared
 * where the same shape appears under several parents) compiled to flat typed arrays that the machine indexes
 * with a node and an element-name column.
 *
 * @module
 */
import * as A from "./camt-actions.js";

/** Node of any element the parser does not read, and of everything inside one. */
export const SKIP = 0;
/** Node of elements outside the camt message (the document element, a `message`/`AppHdr` wrapper…). */
export const OUTSIDE = 1;

/** What happens at an element: an action code for its opening, its text and its closing (0: nothing). */
export interface Actions {
  readonly open?: number;
  readonly text?: number;
  readonly close?: number;
}

/** Builds the node graph; {@link compile} turns it into flat tables. */
export class Builder {
  readonly children: Map<string, number>[] = [new Map(), new Map()];
  readonly open: number[] = [0, 0];
  readonly text: number[] = [0, 0];
  readonly close: number[] = [0, 0];

  /** A new node with no parent yet: a shape used in several places, {@link link}ed under each. */
  node(actions: Actions = {}): number {
    const node = this.children.length;
    this.children.push(new Map());
    this.open.push(actions.open ?? 0);
    this.text.push(actions.text ?? 0);
    this.close.push(actions.close ?? 0);
    return node;
  }

  /** Makes `node` the child `name` of `parent` (a node may have several parents: the table is a graph). */
  link(parent: number, name: string, node: number): void {
    this.children[parent]!.set(name, node);
  }

  /** Gives `node` every child of `template` as well. */
  adopt(node: number, template: number): void {
    for (const [name, child] of this.children[template]!) this.children[node]!.set(name, child);
  }

  /** The node for `path` (names separated by `/`) below `parent`, created as needed; `actions` go on the last. */
  at(parent: number, path: string, actions: Actions = {}): number {
    let node = parent;
    for (const name of path.split("/")) {
      const map = this.children[node]!;
      let next = map.get(name);
      if (next === undefined) {
        next = this.node();
        map.set(name, next);
      }
      node = next;
    }
    if (actions.open !== undefined) this.open[node] = actions.open;
    if (actions.text !== undefined) this.text[node] = actions.text;
    if (actions.close !== undefined) this.close[node] = actions.close;
    return node;
  }

  /** Leaves below `parent`: `[path, textAction]` pairs. */
  leaves(parent: number, leaves: readonly (readonly [string, number])[]): void {
    for (const [path, text] of leaves) this.at(parent, path, { text });
  }

  /** An amount leaf: its `Ccy` attribute is read when it opens. */
  amount(parent: number, path: string, text: number): void {
    this.at(parent, path, { open: A.O_AMT, text });
  }
}

/** The compiled grammar: flat typed arrays indexed by node (and by node × name for transitions). */
export interface CamtGrammar {
  /** Element local name → column of {@link transitions}; names the grammar does not know are column 0. */
  readonly names: ReadonlyMap<string, number>;
  /** Columns per row of {@link transitions}. */
  readonly width: number;
  /** `transitions[node * width + name]`: the node of a child element. */
  readonly transitions: Uint16Array;
  readonly open: Uint8Array;
  readonly text: Uint8Array;
  readonly close: Uint8Array;
}

/**
 * The flat tables of `b`. `messages` are the names of the message element, which `OUTSIDE` moves to
 * `messageNode` from anywhere (a document may wrap the message, as an `AppHdr` envelope does).
 */
export function compile(b: Builder, messages: Iterable<string>, messageNode: number): CamtGrammar {
  const names = new Map<string, number>();
  for (const map of b.children) for (const name of map.keys()) if (!names.has(name)) names.set(name, names.size + 1);
  const messageNames = [...messages];
  for (const name of messageNames) if (!names.has(name)) names.set(name, names.size + 1);
  const width = names.size + 1;
  const nodes = b.children.length;
  const transitions = new Uint16Array(nodes * width);
  b.children.forEach((map, node) => {
    for (const [name, child] of map) transitions[node * width + names.get(name)!] = child;
  });
  // Outside the message every element stays outside, except the message itself.
  for (let column = 0; column < width; column++) transitions[OUTSIDE * width + column] = OUTSIDE;
  for (const name of messageNames) transitions[OUTSIDE * width + names.get(name)!] = messageNode;
  return {
    names,
    width,
    transitions,
    open: Uint8Array.from(b.open),
    text: Uint8Array.from(b.text),
    close: Uint8Array.from(b.close),
  };
}
