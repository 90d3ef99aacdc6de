/** TMX and TSV: parse → write → parse is the identity, on a hand-written file and on the Tatoeba TMX. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTmx, writeTmx } from "../../../src/apps/translation/tmx.js";
import { parseColumns, parseTsv, writeTsv } from "../../../src/apps/translation/tsv.js";
import { EngramError } from "../../../src/spec/errors.js";

const DATA_DIR =
  process.env.ENGRAM_DATA_DIR ?? join(import.meta.dirname, "..", "..", "..", "..", "shared", "data");
const TATOEBA = join(DATA_DIR, "tatoeba-cmn-eng", "cmn_eng_5k_subset.tmx");

const SAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="Hand" creationtoolversion="2" segtype="sentence" o-tmf="x" adminlang="en-US" srclang="en" datatype="plaintext">
    <note>Header note &amp; more</note>
    <prop type="domain">legal</prop>
  </header>
  <body>
    <!-- a comment -->
    <tu tuid="1" creationdate="20240101T120000Z" creationid="ana">
      <note xml:lang="en">Checked twice</note>
      <prop type="client">ACME</prop>
      <prop type="x-project" xml:lang="fr">Projet</prop>
      <tuv xml:lang="en"><prop type="status">final</prop><seg>Press <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept> &amp; quit.</seg></tuv>
      <tuv xml:lang="zh-CN" changeid="bo"><note>tone: formal</note><seg>按<bpt i="1">&lt;b&gt;</bpt>保存<ept i="1">&lt;/b&gt;</ept>并退出。</seg></tuv>
    </tu>
    <tu tuid="2">
      <tuv lang="EN"><seg>Tabs	and "quotes" &#x263A;</seg></tuv>
      <tuv xml:lang="zh-CN"><seg><![CDATA[制表符 <和> 引号]]></seg></tuv>
    </tu>
  </body>
</tmx>
`;

describe("parseTmx and writeTmx", () => {
  it("reads units with attributes, props, notes, languages and inline codes", () => {
    const document = parseTmx(SAMPLE);
    expect(document.header).toEqual({
      attributes: {
        creationtool: "Hand",
        creationtoolversion: "2",
        segtype: "sentence",
        "o-tmf": "x",
        adminlang: "en-US",
        srclang: "en",
        datatype: "plaintext",
      },
      props: [{ type: "domain", value: "legal" }],
      notes: [{ value: "Header note & more" }],
    });
    expect(document.units).toHaveLength(2);
    const [first, second] = document.units;
    expect(first).toMatchObject({
      attributes: { tuid: "1", creationdate: "20240101T120000Z", creationid: "ana" },
      notes: [{ value: "Checked twice", lang: "en" }],
      props: [
        { type: "client", value: "ACME" },
        { type: "x-project", value: "Projet", lang: "fr" },
      ],
    });
    expect(first?.variants[0]).toEqual({
      lang: "en",
      text: "Press Save & quit.",
      segXml: 'Press <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept> &amp; quit.',
      attributes: {},
      props: [{ type: "status", value: "final" }],
      notes: [],
    });
    expect(first?.variants[1]).toMatchObject({
      lang: "zh-CN",
      text: "按保存并退出。",
      attributes: { changeid: "bo" },
    });
    expect(second?.variants.map((v) => [v.lang, v.text])).toEqual([
      ["EN", 'Tabs\tand "quotes" ☺'],
      ["zh-CN", "制表符 <和> 引号"],
    ]);
  });

  it("round-trips: parse(write(parse(x))) equals parse(x)", () => {
    const document = parseTmx(SAMPLE);
    const written = writeTmx(document);
    expect(parseTmx(written)).toEqual(document);
    expect(written).toContain(
      '<tuv xml:lang="zh-CN" changeid="bo"><note>tone: formal</note><seg>按<bpt i="1">',
    );
    expect(written).toContain("<seg>制表符 &lt;和&gt; 引号</seg>");
  });

  it("refuses malformed XML with the line and column, and files that are not TMX", () => {
    const broken = SAMPLE.replace('</tu>\n    <tu tuid="2">', '</tuv>\n    <tu tuid="2">');
    expect(() => parseTmx(broken, "broken.tmx")).toThrowError(
      /broken\.tmx: malformed XML at line 16, column 5: expected <\/tu>/,
    );
    try {
      parseTmx("<xliff/>");
    } catch (error) {
      expect(EngramError.isInstance(error) && error.code).toBe("invalid_input");
      expect((error as Error).message).toMatch(/root element is <xliff>, not <tmx>/);
    }
    expect(() => parseTmx("<tmx><header/><body><tu><tuv><seg>x</seg></tuv></tu></body></tmx>")).toThrowError(
      /without xml:lang/,
    );
  });

  it.skipIf(!existsSync(TATOEBA))(
    "keeps every unit, language, prop and note of the Tatoeba TMX (needs ../shared/data)",
    () => {
      const text = readFileSync(TATOEBA, "utf8");
      const document = parseTmx(text);
      expect(document.units).toHaveLength(5000);
      expect(document.units.every((u) => u.variants.map((v) => v.lang).join() === "en,zh-CN")).toBe(true);
      expect(document.units.every((u) => u.props.length === 1 && u.props[0]?.type === "attribution")).toBe(
        true,
      );
      const again = parseTmx(writeTmx(document));
      expect(again).toEqual(document);
      // The writer's layout is the file's: the text comes back byte for byte.
      expect(writeTmx(document)).toBe(text);
    },
  );
});

describe("TSV", () => {
  it("imports columns as source, target, props and notes, and writes them back with escapes", () => {
    const text = "Hi.\t嗨。\tCC-BY #1\textra\nTab\\there\t制表\tCC-BY #2\n\n";
    const columns = parseColumns("source,target,prop:attribution");
    const units = parseTsv(text, { sourceLang: "en", targetLang: "zh-CN", columns });
    expect(units[0]).toEqual({
      attributes: {},
      props: [{ type: "attribution", value: "CC-BY #1" }],
      notes: [{ value: "extra" }],
      variants: [
        { lang: "en", text: "Hi.", attributes: {}, props: [], notes: [] },
        { lang: "zh-CN", text: "嗨。", attributes: {}, props: [], notes: [] },
      ],
    });
    expect(units[1]?.variants[0]?.text).toBe("Tab\there");
    const written = writeTsv(units, { sourceLang: "en", targetLang: "zh", columns: [...columns, "note"] });
    expect(written).toEqual({
      text: "Hi.\t嗨。\tCC-BY #1\textra\nTab\\there\t制表\tCC-BY #2\t\n",
      written: 2,
      skipped: 0,
    });
  });

  it("says which line lacks a target, and which column names are wrong", () => {
    expect(() =>
      parseTsv("a\tb\nonly source\n", { sourceLang: "en", targetLang: "fr" }, "x.tsv"),
    ).toThrowError(/x\.tsv: line 2 has 1 field\(s\)/);
    expect(() => parseColumns("source,target,colour")).toThrowError(/unknown TSV column "colour"/);
  });
});
