/**
 * TMX 1.4 in and out with an exact round trip: every unit with its attributes, languages, properties and notes, and
 * each segment's inline markup kept as written. parseTmx(writeTmx(doc)) equals doc.
 */
import { invalidInput } from "../../spec/errors.js";
import {
  attribute,
  childElements,
  escapeAttribute,
  escapeText,
  parseXml,
  type XmlElement,
  type XmlNode,
} from "./xml.js";

/** A <prop>: a typed property. */
export interface TmxProp {
  type: string;
  value: string;
  lang?: string;
  encoding?: string;
}

/** A <note>. */
export interface TmxNote {
  value: string;
  lang?: string;
  encoding?: string;
}

/** A <tuv>: one language's version of a unit. */
export interface TmxVariant {
  lang: string;
  /** The segment's text: inline codes (bpt, ept, ph, it, ut) left out, entities decoded. */
  text: string;
  /** The segment's inner XML, only when it holds inline elements; written back as it is. */
  segXml?: string;
  /** Attributes other than xml:lang, in order. */
  attributes: Record<string, string>;
  props: TmxProp[];
  notes: TmxNote[];
}

/** A <tu>: a translation unit. */
export interface TmxUnit {
  /** Attributes (tuid, srclang, creationdate, …), in order. */
  attributes: Record<string, string>;
  props: TmxProp[];
  notes: TmxNote[];
  variants: TmxVariant[];
}

export interface TmxHeader {
  attributes: Record<string, string>;
  props: TmxProp[];
  notes: TmxNote[];
  /** <ude> elements, as written. */
  udeXml?: string[];
}

export interface TmxDocument {
  version: string;
  header: TmxHeader;
  units: TmxUnit[];
}

const INLINE_CODES = new Set(["bpt", "ept", "ph", "it", "ut"]);

function attributesOf(element: XmlElement, skip: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of element.attributes) if (!skip.includes(name)) out[name] = value;
  return out;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function readProps(element: XmlElement, where: string): TmxProp[] {
  return childElements(element, "prop").map((prop) => {
    const type = attribute(prop, "type");
    if (type === undefined) throw invalidInput(`a <prop> without its type attribute: add type="…"`, where);
    return {
      type,
      value: plainText(prop),
      ...optional("lang", attribute(prop, "xml:lang") ?? attribute(prop, "lang")),
      ...optional("encoding", attribute(prop, "o-encoding")),
    };
  });
}

function readNotes(element: XmlElement): TmxNote[] {
  return childElements(element, "note").map((note) => ({
    value: plainText(note),
    ...optional("lang", attribute(note, "xml:lang") ?? attribute(note, "lang")),
    ...optional("encoding", attribute(note, "o-encoding")),
  }));
}

function plainText(node: XmlNode): string {
  return node.type === "text" ? node.text : node.children.map(plainText).join("");
}

/** A segment's text without the native codes of its inline elements. */
function segmentText(node: XmlNode): string {
  if (node.type === "text") return node.text;
  return node.children
    .map((child) => (child.type === "element" && INLINE_CODES.has(child.name) ? "" : segmentText(child)))
    .join("");
}

/**
 * Parse a TMX document (1.4; 1.1–1.3 read too). Fails with `invalid_input` saying where when it is not TMX.
 * @example parseTmx(readFileSync("memory.tmx", "utf8")).units[0]?.variants.map((v) => [v.lang, v.text])
 */
export function parseTmx(source: string, where = "TMX"): TmxDocument {
  const root = parseXml(source, where);
  if (root.name !== "tmx")
    throw invalidInput(`the root element is <${root.name}>, not <tmx>: is this a TMX file?`, where);
  const headerElement = childElements(root, "header")[0];
  if (!headerElement) throw invalidInput("the <header> element is missing: TMX requires one", where);
  const body = childElements(root, "body")[0];
  if (!body) throw invalidInput("the <body> element is missing: TMX requires one", where);
  const ude = childElements(headerElement, "ude").map((element) =>
    source.slice(element.start, endOf(source, element)),
  );
  const header: TmxHeader = {
    attributes: attributesOf(headerElement),
    props: readProps(headerElement, `${where} <header>`),
    notes: readNotes(headerElement),
    ...(ude.length > 0 ? { udeXml: ude } : {}),
  };
  const units = childElements(body, "tu").map((tu, index) => {
    const unitWhere = `${where} unit ${index + 1}${attribute(tu, "tuid") ? ` (tuid ${attribute(tu, "tuid")})` : ""}`;
    const variants = childElements(tu, "tuv").map((tuv) => {
      const lang = attribute(tuv, "xml:lang") ?? attribute(tuv, "lang");
      if (!lang)
        throw invalidInput('a <tuv> without xml:lang: add the language, e.g. xml:lang="en"', unitWhere);
      const seg = childElements(tuv, "seg")[0];
      if (!seg) throw invalidInput(`the <tuv xml:lang="${lang}"> has no <seg>`, unitWhere);
      const hasMarkup = seg.children.some((child) => child.type === "element");
      const variant: TmxVariant = {
        lang,
        text: segmentText(seg),
        ...(hasMarkup ? { segXml: source.slice(seg.contentStart, seg.contentEnd) } : {}),
        attributes: attributesOf(tuv, ["xml:lang", "lang"]),
        props: readProps(tuv, unitWhere),
        notes: readNotes(tuv),
      };
      return variant;
    });
    if (variants.length === 0)
      throw invalidInput("a <tu> with no <tuv>: every unit needs at least one", unitWhere);
    return { attributes: attributesOf(tu), props: readProps(tu, unitWhere), notes: readNotes(tu), variants };
  });
  return { version: attribute(root, "version") ?? "1.4", header, units };
}

/** Offset just after an element's end tag (or after its self-closing tag). */
function endOf(source: string, element: XmlElement): number {
  if (element.contentEnd === element.contentStart && source[element.contentStart - 2] === "/")
    return element.contentStart;
  return source.indexOf(">", element.contentEnd) + 1;
}

function attributesXml(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join("");
}

function propXml(prop: TmxProp): string {
  const attributes: Record<string, string> = { type: prop.type };
  if (prop.lang !== undefined) attributes["xml:lang"] = prop.lang;
  if (prop.encoding !== undefined) attributes["o-encoding"] = prop.encoding;
  return `<prop${attributesXml(attributes)}>${escapeText(prop.value)}</prop>`;
}

function noteXml(note: TmxNote): string {
  const attributes: Record<string, string> = {};
  if (note.lang !== undefined) attributes["xml:lang"] = note.lang;
  if (note.encoding !== undefined) attributes["o-encoding"] = note.encoding;
  return `<note${attributesXml(attributes)}>${escapeText(note.value)}</note>`;
}

/** Write a unit's <tu> element, indented by `indent`. */
export function unitXml(unit: TmxUnit, indent = "    "): string {
  const inner = `${indent}  `;
  const lines = [`${indent}<tu${attributesXml(unit.attributes)}>`];
  for (const note of unit.notes) lines.push(`${inner}${noteXml(note)}`);
  for (const prop of unit.props) lines.push(`${inner}${propXml(prop)}`);
  for (const variant of unit.variants) {
    const extras = [...variant.notes.map(noteXml), ...variant.props.map(propXml)].join("");
    const seg = variant.segXml ?? escapeText(variant.text);
    lines.push(
      `${inner}<tuv${attributesXml({ "xml:lang": variant.lang, ...variant.attributes })}>${extras}<seg>${seg}</seg></tuv>`,
    );
  }
  lines.push(`${indent}</tu>`);
  return lines.join("\n");
}

/**
 * Write a TMX 1.4 document: UTF-8, two-space indentation, notes then props in each element.
 * @example writeFileSync("out.tmx", writeTmx(parseTmx(readFileSync("in.tmx", "utf8"))));
 */
export function writeTmx(document: TmxDocument): string {
  const header = document.header;
  const headerChildren = [
    ...header.notes.map(noteXml),
    ...(header.udeXml ?? []),
    ...header.props.map(propXml),
  ];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<tmx version="${escapeAttribute(document.version)}">`,
  ];
  if (headerChildren.length === 0) lines.push(`  <header${attributesXml(header.attributes)}/>`);
  else {
    lines.push(`  <header${attributesXml(header.attributes)}>`);
    for (const child of headerChildren) lines.push(`    ${child}`);
    lines.push("  </header>");
  }
  lines.push("  <body>");
  for (const unit of document.units) lines.push(unitXml(unit));
  lines.push("  </body>", "</tmx>", "");
  return lines.join("\n");
}

/** The variant of a unit in `lang`: exact (case-insensitive) first, then the same primary language ("zh" for "zh-CN"). */
export function variantFor(unit: TmxUnit, lang: string): TmxVariant | undefined {
  const wanted = lang.toLowerCase();
  const primary = wanted.split(/[-_]/u)[0];
  return (
    unit.variants.find((v) => v.lang.toLowerCase() === wanted) ??
    unit.variants.find((v) => v.lang.toLowerCase().split(/[-_]/u)[0] === primary)
  );
}
