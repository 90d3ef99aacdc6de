/**
 * Fact derivation on hostile turns: one turn of each shape, just under the 100,000 characters a memory may hold (a
 * run of blanks, quotes, emoji, capitalised words or pronouns, one endless word, chains of clauses, and their Chinese
 * kin), timed one by one. Derivation runs in the extraction pool's workers, so a shape that takes seconds holds a
 * worker (of two on a 2-core machine) that long for everyone. With `--before <dir>` (a checkout of an older commit,
 * with node_modules) its extractor runs each shape first, in the same process (an old shape can take a minute).
 * A second table times the reading app on documents of the same shapes (segmenting, then an extractive answer from
 * the segments), which POST /v1/reading/documents and /v1/reading/ask run on the server's own thread; a third, the
 * translation memory's fuzzy score of a long query against a long unit, which a match computes for each of up to
 * 1,000 candidates, on the server's thread too.
 * `--only facts|reading|tm` runs one table.
 * Usage: npm run bench:facts-hostile [-- --before <dir>] [-- --length <characters>] [-- --only <table>]
 */
import { parseArgs } from "node:util";
import { extractAnswer as answerNow } from "../src/apps/reading/answer-extractor.js";
import { segmentText as segmentNow } from "../src/apps/reading/segmenter.js";
import { fuzzyScore as fuzzyNow, MATCH_CELLS } from "../src/apps/translation/fuzzy-match.js";
import { describeMachine, extractorsToCompare, modulesToCompare } from "./common.js";

const { values } = parseArgs({
  options: {
    before: { type: "string" },
    length: { type: "string", default: "95000" },
    only: { type: "string" },
  },
});
const length = Number(values.length);
if (!Number.isInteger(length) || length < 100 || length > 100_000) {
  console.error(`--length must be a whole number of characters from 100 to 100,000 (got "${values.length}")`);
  process.exit(2);
}

if (values.only !== undefined && !["facts", "reading", "tm"].includes(values.only)) {
  console.error(`--only must be facts, reading or tm (got "${values.only}")`);
  process.exit(2);
}
const runs = (table: string) => values.only === undefined || values.only === table;
const fill = (unit: string) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
/** Clauses of `lead`, a different person's name each (张伟, 张芳, …) and `tail`, up to `total` characters. */
function distinctNames(lead: string, total: number, tail = ""): string {
  const surnames =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁";
  const given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红";
  const clauses: string[] = [];
  let size = 0;
  for (const s of surnames)
    for (const a of given)
      for (const b of given) {
        if (size >= total) return clauses.join("，");
        clauses.push(`${lead}${s}${a}${b}${tail}`);
        size += lead.length + tail.length + 4;
      }
  return clauses.join("，");
}
/** Distinct capitalised names ("Aab, Aac, …") joined by commas, about `total` characters. */
function distinctEnglishNames(total: number): string {
  const names: string[] = [];
  let size = 0;
  for (let i = 0; size < total; i++) {
    const name = `A${i.toString(26).replace(/./gu, (d) => String.fromCharCode(97 + Number.parseInt(d, 26)))}`;
    names.push(name);
    size += name.length + 2;
  }
  return names.join(", ");
}
const SHAPES: Record<string, string> = {
  "blanks inside a sentence": `I moved to${" ".repeat(length - 20)}Paris.`,
  "blanks, tabs and newlines": `I like such${fill("\n \t").slice(0, length - 20)}as cats.`,
  "I I I …": fill("I "),
  'quotes """…': fill('"'),
  "parentheses (((…": fill("("),
  "emoji 😀😀…": fill("😀"),
  "one word of letters": fill("a"),
  "MR. MR. …": fill("Mr. "),
  "numbers 1 2 1 2 …": fill("1 2 "),
  "colons A: B A: B …": fill("A: B "),
  "'s 's …": fill("'s "),
  "dates: last May last May …": fill("last May "),
  "a chain of 'and' clauses": fill("I asked them and they knew and "),
  "a chain of 'if' clauses": fill("I asked if they knew if "),
  "a list of likings": fill("I like cats and "),
  "a list of likings, commas": fill("I like cats, "),
  "我喜欢茶、 …": fill("我喜欢茶、"),
  "我喜欢茶、茶、 …": `我喜欢${fill("茶、").slice(3)}`,
  "我喜欢茶，绿茶，绿茶 …": `我喜欢${fill("茶，绿").slice(3)}`,
  "我的朋友张伟，我的朋友李娜 … (distinct names)": distinctNames("我的朋友", length),
  "张伟在清华大学工作，张芳在… (distinct names as subjects)": distinctNames("", length, "在清华大学工作"),
  "a dog named Max and a cat named Max …": `I have ${fill("a dog named Max and a cat named Max and ").slice(7)}`,
  "our cats are called Max, Max, …": `Our cats are called ${fill("Max, ").slice(20)}`,
  "a sentence of 'we moved'": fill("we moved to Paris and "),
  "a subject shared: I live in Lisbon and work at Siemens and …": `I ${fill("live in Lisbon and work at Siemens and ").slice(2)}`,
  "endings: I quit my job at Google. I don't live in Paris anymore. …": fill(
    "I quit my job at Google. I don't live in Paris anymore. We got divorced. ",
  ),
  "我有个妹妹，叫小红，一个叫小明，… (names after a relative had)": `我有个妹妹，${fill("叫小红，一个叫小明，")}`,
  "months and weekdays a tense places: I went to Rome in March. I'll fly on Monday. …": fill(
    "I went to Rome in March. I'll fly to Tokyo on Monday. I go to church on Sunday. ",
  ),
  "Hi, I'm Daniel and I'm a nurse at Mercy Hospital. …": fill(
    "Hi, I'm Daniel and I'm a nurse at Mercy Hospital. ",
  ),
  "你好，我们打算三月去日本，我和妻子李娜还有… (greetings, 我们, together)": fill(
    "你好，我们打算三月去日本，我和妻子李娜还有两个孩子住在深圳。",
  ),
  "typed in lower case: i live in seattle with my boyfriend alex …": fill(
    "i live in seattle with my boyfriend alex and my sister emily, ",
  ),
  "names after 'and': Emma is 7 and Noah is 4 and …": fill("Emma is 7 and Noah is 4 and "),
  "a colon's list of kids: we have three kids: Ethan, Sophie, … (distinct names)": `We have three kids: ${distinctEnglishNames(length)}.`,
  "我妈妈住在成都，她今年七十岁了，她… (她 after a relative)": `我妈妈住在成都，${fill("她今年七十岁了，")}`,
  "我们有一个女儿，叫陈晨，今年六岁，… (of the person just named)": `我们有一个女儿，叫陈晨，${fill("今年六岁，")}`,
  "我们有一个儿子，今年五岁了，… (of the relative just had)": `我们有一个儿子，${fill("今年五岁了，")}`,
  "an introduction's parts: I'm Lucas, 34, a nurse, … ": `I'm Lucas, ${fill("34, a nurse from Brazil, ")}`,
  "typed in lower case, names after naming verbs: a dog named biscuit, a cat called luna …": fill(
    "im jess, a dog named biscuit and my partner sam, a cat called luna on march 3rd, ",
  ),
  "homes moved from: I moved to Denver from Chicago from Boston …": `I moved to Denver ${fill("from Chicago ")}`,
  "what one does not eat: I don't eat meat, I can't eat gluten, …": fill(
    "I don't eat meat, I can't eat gluten, ",
  ),
  "a value corrected: Actually, actually, … it was Boulder, not Denver": `${fill("Actually, ")}it was Boulder, not Denver.`,
  "不对，不对，…是博尔德，不是丹佛 (a value corrected)": `${fill("不对，")}是博尔德，不是丹佛。`,
  "ages after who was had: I have a dog named Max, he's 4, they're 3, …": fill(
    "I have a dog named Max, he's 4. I have twin boys, Leo and Theo, they're 3, ",
  ),
  "a pet gone by its name: Sadly Mochi passed away. …": fill("Sadly Mochi passed away. "),
  "a pet of a list gone, a break-up: two dogs, Rex and Bella. Sadly Rex died. Jess and I broke up. …": fill(
    "We have two dogs, Rex and Bella. Sadly Rex died. Jess and I broke up. My girlfriend and I split up, we broke up. ",
  ),
  "anniversaries, habits, birth years, homes before: Our anniversary is on June 12th, I play golf every Sunday …":
    fill(
      "Our anniversary is on June 12th, I play golf every Sunday, Tom was born in March 1990 and he lived in Madrid. ",
    ),
  "typed in lower case, a list of names: ava, ben, chloe and dan … in march": `we have kids, ${fill("ava, ben, ")}and dan, in march`,
  "我在…做产品经理，下个月要去… (a job where one is, a plan with a time)": `我在${fill("深圳一家科技公司")}做产品经理，下个月要去${fill("日本")}。我们分手了。`,
  "states no longer held, likings ended: I'm not vegetarian anymore, I don't like sushi anymore, …": fill(
    "I'm not vegetarian anymore, I don't like sushi anymore, I am no longer a smoker. ",
  ),
  "我不吃辣，花花去世了，… (what one does not eat, a pet gone by its name)": fill("我不吃辣，花花去世了，"),
  "张伟上周去上海出差了，… (another's doing with a date)": fill("张伟上周去上海出差了，"),
  "Tom is moving to Tokyo in January, … (another's doing with a date)": fill(
    "Tom is moving to Tokyo in January, Kenji got a new job at Siemens last week. ",
  ),
  "我们有一只狗叫豆豆，它三岁了，… (它 after a pet named)": `我们有一只狗叫豆豆，${fill("它三岁了，")}`,
  'quoted speech: He said "I live in Paris." You told me: "My husband Mark works at Siemens." …': fill(
    'He said "I live in Paris." You told me on 2 November 2026: "My husband Mark works at Siemens." ',
  ),
  "他说：“我要去北京。”… (quoted speech)": fill("他说：“我要去北京。”"),
  "another's relatives named: Giulia's sister Sara, Luca's wife is called Anna, …": fill(
    "Giulia's sister Sara, Luca's wife is called Anna and Tom's brother Leo, ",
  ),
  "kids each with an age: two kids, Owen who is 8 and Lily who is 5, …; two kids: Owen, 8, and Lily, 5": `We have two kids, ${fill("Owen who is 8 and Lily who is 5 and ")}Max. I have two kids: ${fill("Owen, 8, and Lily, 5, ").slice(0, 2000)}and Max, 3.`,
  "下个月我们要去成都看我公公婆婆，… (a plan naming the speaker again)": fill(
    "下个月我们要去成都看我公公婆婆，",
  ),
  "我的妹妹 …": fill("我的妹妹"),
  "《 unclosed": fill("《"),
  "我 我 …": fill("我"),
  "我不 …": fill("我不"),
  "我去了北京 …": fill("我去了北京"),
  "如果我去， …": fill("如果我去，"),
  "他问我， …": fill("他问我，"),
  "听不懂 …": fill("听不懂"),
};

console.log(`# Hostile text, ${length.toLocaleString("en")} characters — ${describeMachine()}`);
if (runs("facts")) {
  const extractors = await extractorsToCompare(values.before);
  console.log("\n## Fact derivation on one turn of each shape");
  // the first turn of a process loads the models and jieba's dictionary: not the shape's cost
  for (const [, extract] of extractors) {
    extract("I moved to Paris last May.", Date.UTC(2024, 0, 1), { speaker: "Sam" });
    extract("我上个月搬到了北京。", Date.UTC(2024, 0, 1), { speaker: "李明" });
  }
  console.log(`| shape | ${extractors.map(([name]) => `${name} ms`).join(" | ")} | facts, mentions |`);
  console.log(`|---|${extractors.map(() => "---:").join("|")}|---|`);
  for (const [shape, text] of Object.entries(SHAPES)) {
    const cells: string[] = [];
    let found = "";
    for (const [, extract] of extractors) {
      const started = performance.now();
      const { facts, mentions } = extract(text, Date.UTC(2024, 0, 1), { speaker: "Sam", addressee: "Ana" });
      cells.push((performance.now() - started).toFixed(0));
      found = `${facts.length}, ${mentions.length}`;
    }
    console.log(`| ${shape} | ${cells.join(" | ")} | ${found} |`);
  }
}
const readers = (
  await modulesToCompare(values.before, "src/apps/reading/index.ts", {
    segmentText: segmentNow,
    extractAnswer: answerNow,
  })
).map(([name, { segmentText, extractAnswer }]) => ({ name, segment: segmentText, answer: extractAnswer }));
const DOCUMENTS: Record<string, string> = {
  "dashes ----…": fill("-"),
  "one word of letters": fill("a"),
  'quotes """…': fill('"'),
  "emoji 😀😀…": fill("😀"),
  "blanks inside a sentence": `The bridge opened${" ".repeat(length - 40)}in 1932.`,
  "I I I …": fill("I "),
  "我去了北京 …": fill("我去了北京"),
};
if (runs("reading")) {
  for (const reader of readers) reader.segment("The bridge opened in 1932. It is long.");
  console.log("\n## Reading: segmenting a document, then answering from its first five segments");
  console.log(`| document | ${readers.map(({ name }) => `${name}: segment ms | answer ms`).join(" | ")} |`);
  console.log(`|---|${readers.map(() => "---:|---:").join("|")}|`);
  for (const [shape, text] of Object.entries(DOCUMENTS)) {
    const cells: string[] = [];
    for (const reader of readers) {
      let started = performance.now();
      const segments = reader.segment(text);
      cells.push((performance.now() - started).toFixed(0));
      started = performance.now();
      reader.answer(
        "Who designed the bridge?",
        segments.slice(0, 5).map((segment, i) => ({ id: String(i), text: segment.text, weight: 1 })),
      );
      cells.push((performance.now() - started).toFixed(0));
    }
    console.log(`| ${shape} | ${cells.join(" | ")} |`);
  }
}
const scorers = (
  await modulesToCompare(values.before, "src/apps/translation/fuzzy-match.ts", { fuzzyScore: fuzzyNow })
).map(([name, { fuzzyScore }]) => [name, fuzzyScore] as const);
const sentence = "The bridge was opened on 19 March 1932 by the premier of New South Wales. ";
const PAIRS: Record<string, [string, string]> = {
  "two sentences of 75 characters": [sentence, sentence.replace("premier", "governor")],
  "10,000 characters against the same with 20 changes": [
    sentence.repeat(134).slice(0, 10_000),
    sentence.repeat(134).slice(0, 10_000).replaceAll("premier", "premiers").slice(0, 10_000),
  ],
  "10,000 characters against a unit of 100,000": [fill("a").slice(0, 10_000), fill("ab").slice(0, 100_000)],
  "10,000 against 10,000 unlike characters": [fill("a").slice(0, 10_000), fill("b").slice(0, 10_000)],
};
if (runs("tm")) {
  console.log(
    "\n## Translation memory: one fuzzy score, as a match of 50 candidates computes each (up to 1,000 candidates)",
  );
  console.log(`| pair | ${scorers.map(([name]) => `${name}: ms | score`).join(" | ")} |`);
  console.log(`|---|${scorers.map(() => "---:|---:").join("|")}|`);
  for (const [pair, [query, unit]] of Object.entries(PAIRS)) {
    const cells: string[] = [];
    for (const [, score] of scorers) {
      const started = performance.now();
      // as a match of its default 50 candidates scores each: MATCH_CELLS shared among them
      const value = score(query, unit, MATCH_CELLS / 50);
      cells.push((performance.now() - started).toFixed(0), String(value));
    }
    console.log(`| ${pair} | ${cells.join(" | ")} |`);
  }
}
