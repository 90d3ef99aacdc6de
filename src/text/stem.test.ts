import { describe, expect, it } from "vitest";
import { stem } from "./stem.js";

// Pairs from Porter's 1980 paper and his reference vocabulary (voc.txt → output.txt).
const PAIRS: [string, string][] = [
  // step 1a
  ["caresses", "caress"],
  ["ponies", "poni"],
  ["ties", "ti"],
  ["caress", "caress"],
  ["cats", "cat"],
  // step 1b
  ["feed", "feed"],
  ["agreed", "agre"],
  ["plastered", "plaster"],
  ["bled", "bled"],
  ["motoring", "motor"],
  ["sing", "sing"],
  ["conflated", "conflat"],
  ["troubled", "troubl"],
  ["sized", "size"],
  ["hopping", "hop"],
  ["tanned", "tan"],
  ["falling", "fall"],
  ["hissing", "hiss"],
  ["fizzed", "fizz"],
  ["failing", "fail"],
  ["filing", "file"],
  ["hiking", "hike"],
  ["running", "run"],
  // step 1c
  ["happy", "happi"],
  ["sky", "sky"],
  // step 2
  ["relational", "relat"],
  ["conditional", "condit"],
  ["rational", "ration"],
  ["digitizer", "digit"],
  ["vietnamization", "vietnam"],
  ["predication", "predic"],
  ["operator", "oper"],
  ["feudalism", "feudal"],
  ["decisiveness", "decis"],
  ["hopefulness", "hope"],
  ["callousness", "callous"],
  ["sensibility", "sensibl"],
  ["generalization", "gener"],
  ["analogous", "analog"],
  // step 3
  ["triplicate", "triplic"],
  ["formative", "form"],
  ["formalize", "formal"],
  ["electrical", "electr"],
  ["hopeful", "hope"],
  ["goodness", "good"],
  // step 4
  ["revival", "reviv"],
  ["allowance", "allow"],
  ["inference", "infer"],
  ["airliner", "airlin"],
  ["gyroscopic", "gyroscop"],
  ["adjustable", "adjust"],
  ["defensible", "defens"],
  ["irritant", "irrit"],
  ["replacement", "replac"],
  ["adjustment", "adjust"],
  ["dependent", "depend"],
  ["adoption", "adopt"],
  ["communism", "commun"],
  ["activate", "activ"],
  ["effective", "effect"],
  ["bowdlerize", "bowdler"],
  // step 5
  ["probate", "probat"],
  ["rate", "rate"],
  ["cease", "ceas"],
  ["controlling", "control"],
  ["roll", "roll"],
  ["oscillators", "oscil"],
  // an initial y is a consonant
  ["yelling", "yell"],
  ["youth", "youth"],
];

describe("stem", () => {
  it.each(PAIRS)("%s → %s", (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it("leaves words shorter than three letters alone", () => {
    expect(stem("is")).toBe("is");
    expect(stem("a")).toBe("a");
    expect(stem("")).toBe("");
  });

  it("is stable on common conversation words", () => {
    expect(["dogs", "went", "weekend", "sister", "adoption", "painting"].map(stem)).toEqual([
      "dog",
      "went",
      "weekend",
      "sister",
      "adopt",
      "paint",
    ]);
  });
});
