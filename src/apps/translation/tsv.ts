/**
 * Translation units as tab-separated values: one unit a line, columns named by a spec such as
 * "source,target,prop:attribution". Inside a field, a tab, a line break and a backslash are written \t, \n and \\.
 */
import { invalidInput } from "../../spec/errors.js";
import { type TmxUnit, variantFor } from "./tmx.js";

/** What a column holds: the source or target text, a prop of a type, a note, or the unit id (tuid). */
export type TsvColumn = "source" | "target" | "note" | "tuid" | `prop:${string}`;

export interface TsvOptions {
  sourceLang: string;
  targetLang: string;
  /** Columns in order. Default ["source", "target"]; on import, extra columns become notes. */
  columns?: TsvColumn[];
}

/** Parse a column spec ("source,target,prop:attribution"). */
export function parseColumns(spec: string): TsvColumn[] {
  const columns = spec.split(",").map((c) => c.trim());
  for (const column of columns) {
    if (!/^(?:source|target|note|tuid|prop:[^\s,]+)$/u.test(column))
      throw invalidInput(
        `unknown TSV column "${column}": use source, target, note, tuid or prop:<type>, e.g. source,target,prop:attribution`,
        "--columns",
      );
  }
  if (!columns.includes("source") || !columns.includes("target"))
    throw invalidInput('the TSV columns must include "source" and "target"', "--columns");
  return columns as TsvColumn[];
}

function unescapeField(field: string): string {
  return field.replace(/\\([\\tnr])/gu, (_, c: string) =>
    c === "t" ? "\t" : c === "n" ? "\n" : c === "r" ? "\r" : "\\",
  );
}

function escapeField(field: string): string {
  return field.replace(/\\/gu, "\\\\").replace(/\t/gu, "\\t").replace(/\n/gu, "\\n").replace(/\r/gu, "\\r");
}

/**
 * Units from TSV text. Blank lines are skipped; a line without a source or target fails with its number.
 * @example parseTsv("Hi.\t嗨。\n", { sourceLang: "en", targetLang: "zh-CN" })[0]?.variants[1]?.text // "嗨。"
 */
export function parseTsv(text: string, options: TsvOptions, where = "TSV"): TmxUnit[] {
  const columns = options.columns ?? ["source", "target"];
  const units: TmxUnit[] = [];
  text
    .replace(/^\uFEFF/u, "")
    .split(/\r?\n/u)
    .forEach((line, index) => {
      if (line.trim() === "") return;
      const fields = line.split("\t").map(unescapeField);
      const unit: TmxUnit = { attributes: {}, props: [], notes: [], variants: [] };
      let source: string | undefined;
      let target: string | undefined;
      fields.forEach((field, i) => {
        const column = columns[i] ?? "note";
        if (column === "source") source = field;
        else if (column === "target") target = field;
        else if (column === "tuid") unit.attributes.tuid = field;
        else if (column === "note") unit.notes.push({ value: field });
        else unit.props.push({ type: column.slice("prop:".length), value: field });
      });
      if (!source || !target)
        throw invalidInput(
          `line ${index + 1} has ${fields.length} field(s); it needs the source and the target (columns: ${columns.join(",")})`,
          where,
        );
      unit.variants.push(
        { lang: options.sourceLang, text: source, attributes: {}, props: [], notes: [] },
        { lang: options.targetLang, text: target, attributes: {}, props: [], notes: [] },
      );
      units.push(unit);
    });
  return units;
}

/** TSV text for units: one line each, in the columns asked for; units without both languages are left out. */
export function writeTsv(
  units: TmxUnit[],
  options: TsvOptions,
): { text: string; written: number; skipped: number } {
  const columns = options.columns ?? ["source", "target"];
  const lines: string[] = [];
  let skipped = 0;
  for (const unit of units) {
    const source = variantFor(unit, options.sourceLang);
    const target = variantFor(unit, options.targetLang);
    if (!source || !target || source === target) {
      skipped++;
      continue;
    }
    let note = 0;
    const fields = columns.map((column) => {
      if (column === "source") return source.text;
      if (column === "target") return target.text;
      if (column === "tuid") return unit.attributes.tuid ?? "";
      if (column === "note") return unit.notes[note++]?.value ?? "";
      const type = column.slice("prop:".length);
      return unit.props.find((p) => p.type === type)?.value ?? "";
    });
    lines.push(fields.map(escapeField).join("\t"));
  }
  return { text: lines.length > 0 ? `${lines.join("\n")}\n` : "", written: lines.length, skipped };
}
