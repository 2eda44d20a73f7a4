/**
 * The XML reader under the camt and OFX 2.x parsers: safe, streaming, fast.
 *
 * @module
 */
export type { XmlAttributes, XmlDeclaration, XmlHandler, XmlPosition, XmlReader, XmlReaderOptions } from "./types.js";
export { decodeUtf8Bytes, utf8ByteChunks } from "./utf8-bytes.js";
export type { XmlErrorCode } from "./xml-error.js";
export {
  createXmlReader,
  DEFAULT_MAX_ATTRIBUTES,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_TAG_LENGTH,
  DEFAULT_MAX_TEXT_LENGTH,
  localName,
  readXml,
} from "./xml-reader.js";
