/**
 * A small, strict XML reader and the escaping a writer needs: enough for TMX (elements, attributes in order, text,
 * CDATA, comments, processing instructions, a DOCTYPE without an internal subset, the five named entities and
 * character references). Malformed input fails with the line and column and what was expected.
 */
import { invalidInput } from "../../spec/errors.js";

export interface XmlElement {
  type: "element";
  name: string;
  /** Attributes in document order. */
  attributes: [string, string][];
  children: XmlNode[];
  /** Where the element starts in the text (offset) and, for elements with content, where its content starts and ends. */
  start: number;
  contentStart: number;
  contentEnd: number;
}

export interface XmlText {
  type: "text";
  text: string;
}

export type XmlNode = XmlElement | XmlText;

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;

/** Escape text content: & < > (and > so that "]]>" never appears). */
export function escapeText(text: string): string {
  return text.replace(/&/gu, "&amp;").replace(/</gu, "&lt;").replace(/>/gu, "&gt;");
}

/** Escape an attribute value for double quotes; tabs and line breaks as references so they survive parsing. */
export function escapeAttribute(value: string): string {
  return escapeText(value)
    .replace(/"/gu, "&quot;")
    .replace(/\t/gu, "&#9;")
    .replace(/\n/gu, "&#10;")
    .replace(/\r/gu, "&#13;");
}

/** Decode entity and character references in `raw`; `at` is raw's offset in the document, for errors. */
function decode(raw: string, source: string, at: number, where: string): string {
  if (!raw.includes("&")) return raw;
  return raw.replace(/&([^;&\s]{0,32});?/gu, (match, name: string, offset: number) => {
    if (!match.endsWith(";"))
      fail(source, at + offset, "an entity reference ending in ';' (write & as &amp;)", where);
    if (name.startsWith("#x") || name.startsWith("#X"))
      return codePoint(Number.parseInt(name.slice(2), 16), source, at + offset, where);
    if (name.startsWith("#"))
      return codePoint(Number.parseInt(name.slice(1), 10), source, at + offset, where);
    const value = NAMED[name];
    if (value === undefined)
      fail(source, at + offset, `a known entity (&amp; &lt; &gt; &quot; &apos;), not &${name};`, where);
    return value as string;
  });
}

function codePoint(value: number, source: string, at: number, where: string): string {
  if (!Number.isInteger(value) || value < 1 || value > 0x10ffff)
    fail(source, at, "a valid character reference", where);
  return String.fromCodePoint(value);
}

function position(source: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

function fail(source: string, offset: number, expected: string, where: string): never {
  throw invalidInput(`malformed XML at ${position(source, offset)}: expected ${expected}`, where);
}

/**
 * Parse an XML document into its root element. Whitespace-only text between elements is kept as text nodes;
 * callers that do not want it skip it.
 * @example parseXml('<a x="1">hi &amp; bye</a>').children // [{ type: "text", text: "hi & bye" }]
 */
export function parseXml(source: string, where = "XML"): XmlElement {
  let i = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;

  const skipSpace = () => {
    while (i < source.length && /\s/u.test(source[i] as string)) i++;
  };
  const readName = (): string => {
    NAME.lastIndex = i;
    const match = NAME.exec(source);
    if (!match) fail(source, i, "a name", where);
    i += match[0].length;
    return match[0];
  };
  const addText = (text: string) => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      if (text.trim() !== "") fail(source, i, "markup, not text, outside the root element", where);
      return;
    }
    const last = parent.children[parent.children.length - 1];
    if (last?.type === "text") last.text += text;
    else parent.children.push({ type: "text", text });
  };

  while (i < source.length) {
    const lt = source.indexOf("<", i);
    if (lt < 0) {
      addText(decode(source.slice(i), source, i, where));
      i = source.length;
      break;
    }
    if (lt > i) addText(decode(source.slice(i, lt), source, i, where));
    i = lt;
    if (source.startsWith("<!--", i)) {
      const end = source.indexOf("-->", i + 4);
      if (end < 0) fail(source, i, "the end of the comment (-->)", where);
      i = end + 3;
    } else if (source.startsWith("<![CDATA[", i)) {
      const end = source.indexOf("]]>", i + 9);
      if (end < 0) fail(source, i, "the end of the CDATA section (]]>)", where);
      if (stack.length === 0) fail(source, i, "CDATA inside an element", where);
      addText(source.slice(i + 9, end));
      i = end + 3;
    } else if (source.startsWith("<?", i)) {
      const end = source.indexOf("?>", i + 2);
      if (end < 0) fail(source, i, "the end of the processing instruction (?>)", where);
      i = end + 2;
    } else if (source.startsWith("<!DOCTYPE", i)) {
      const end = source.indexOf(">", i);
      const bracket = source.indexOf("[", i);
      if (bracket >= 0 && bracket < end) fail(source, i, "a DOCTYPE without an internal subset", where);
      if (end < 0) fail(source, i, "the end of the DOCTYPE (>)", where);
      i = end + 1;
    } else if (source.startsWith("</", i)) {
      const at = i;
      i += 2;
      const name = readName();
      skipSpace();
      if (source[i] !== ">") fail(source, i, `'>' to close </${name}`, where);
      const open = stack.pop();
      if (!open || open.name !== name)
        fail(
          source,
          at,
          open ? `</${open.name}> (found </${name}>)` : `no closing tag (found </${name}>)`,
          where,
        );
      open.contentEnd = at;
      i++;
      if (stack.length === 0) root = open;
    } else {
      const start = i;
      i++;
      const name = readName();
      const element: XmlElement = {
        type: "element",
        name,
        attributes: [],
        children: [],
        start,
        contentStart: -1,
        contentEnd: -1,
      };
      for (;;) {
        const before = i;
        skipSpace();
        if (source.startsWith("/>", i)) {
          i += 2;
          element.contentStart = i;
          element.contentEnd = i;
          break;
        }
        if (source[i] === ">") {
          i++;
          element.contentStart = i;
          break;
        }
        if (i === before) fail(source, i, `whitespace, '>' or '/>' in <${name}>`, where);
        const attribute = readName();
        skipSpace();
        if (source[i] !== "=") fail(source, i, `'=' after the attribute ${attribute}`, where);
        i++;
        skipSpace();
        const quote = source[i];
        if (quote !== '"' && quote !== "'")
          fail(source, i, `a quoted value for the attribute ${attribute}`, where);
        const end = source.indexOf(quote, i + 1);
        if (end < 0) fail(source, i, `the closing ${quote} of the attribute ${attribute}`, where);
        const raw = source.slice(i + 1, end);
        if (raw.includes("<"))
          fail(source, i, `no '<' inside the attribute ${attribute} (write &lt;)`, where);
        if (element.attributes.some(([n]) => n === attribute))
          fail(source, i, `one ${attribute} attribute, not two`, where);
        // Attribute-value normalisation: literal tabs and line breaks read as spaces, references as themselves.
        element.attributes.push([attribute, decode(raw.replace(/[\t\n\r]/gu, " "), source, i + 1, where)]);
        i = end + 1;
      }
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root !== null) fail(source, start, "a single root element", where);
      if (element.contentEnd >= 0) {
        if (!parent) root = element;
      } else stack.push(element);
    }
  }
  if (stack.length > 0)
    fail(source, source.length, `</${(stack[stack.length - 1] as XmlElement).name}>`, where);
  if (!root) fail(source, 0, "a root element", where);
  return root;
}

/** The attribute `name` of an element, or undefined. */
export function attribute(element: XmlElement, name: string): string | undefined {
  return element.attributes.find(([n]) => n === name)?.[1];
}

/** The child elements of an element, optionally only those named `name`. */
export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter(
    (child): child is XmlElement => child.type === "element" && (name === undefined || child.name === name),
  );
}

/** The text of an element and all its descendants, concatenated. */
export function textContent(node: XmlNode): string {
  return node.type === "text" ? node.text : node.children.map(textContent).join("");
}
