/**
 * A small element tree over the hub's safe XML reader, and field writing, for the 银企直连 dialects whose
 * messages are small XML documents (ICBC-NC-like `CMS/eb`, CCB-like `TX`).
 *
 * @module
 */
import { readXml, type XmlHandler } from "@bankbridge/hub/formats/xml";

/** A parsed XML element: name, trimmed text, children in document order. */
export interface XmlElement {
  readonly name: string;
  readonly text: string;
  readonly children: readonly XmlElement[];
}

/**
 * Parses a whole document into a tree. Throws the XML reader's `HubError` (`XML_*`) on malformed input,
 * which the front ends turn into their bank's "报文格式错误".
 */
export function parseXmlTree(text: string): XmlElement {
  interface Open {
    name: string;
    text: string;
    children: XmlElement[];
  }
  const stack: Open[] = [];
  let root: XmlElement | undefined;
  const handler: XmlHandler = {
    open(name) {
      stack.push({ name, text: "", children: [] });
    },
    text(value) {
      const top = stack[stack.length - 1];
      if (top) top.text += value;
    },
    close() {
      const done = stack.pop();
      if (!done) return;
      // Banks pad fields with spaces (CCB most of all); every reader of these trees wants them trimmed.
      const element: XmlElement = { name: done.name, text: done.text.trim(), children: done.children };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else root = element;
    },
  };
  readXml(text, handler, { maxDepth: 32, maxTextLength: 1_048_576 });
  if (!root) throw new Error("no root element");
  return root;
}

/** The first child named `name`, if any. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

/** The trimmed text of the first child named `name`, or "" when absent. */
export function childText(element: XmlElement | undefined, name: string): string {
  return child(element, name)?.text ?? "";
}

/** Every child named `name`. */
export function children(element: XmlElement | undefined, name: string): readonly XmlElement[] {
  return element?.children.filter((c) => c.name === name) ?? [];
}

/** Escapes text for an XML element body. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

/** Fields of one element, in order; `undefined` values are left out, "" gives an empty element. */
export type XmlFields = readonly (readonly [name: string, value: string | undefined])[];

/** `<a>1</a><b/>…` for the fields. */
export function xmlFields(fields: XmlFields): string {
  let out = "";
  for (const [name, value] of fields) {
    if (value === undefined) continue;
    out += value === "" ? `<${name}/>` : `<${name}>${escapeXml(value)}</${name}>`;
  }
  return out;
}
