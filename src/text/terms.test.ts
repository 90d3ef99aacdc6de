import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lexicalTerms, queryTerms } from "./terms.js";

describe("lexicalTerms, English", () => {
  it("drops stop words, strips possessives and stems the rest", () => {
    expect(lexicalTerms("I went hiking with my sister's dogs last weekend")).toEqual([
      "went",
      "hike",
      "sister",
      "dog",
      "last",
      "weekend",
    ]);
  });

  it("keeps repeats, for term frequency", () => {
    expect(lexicalTerms("Dogs, dogs and more dogs!")).toEqual(["dog", "dog", "dog"]);
  });

  it("drops contractions that are stop words, with either apostrophe", () => {
    expect(lexicalTerms("I don't know, it's fine")).toEqual(["know", "fine"]);
    expect(lexicalTerms("I don’t know, it’s fine")).toEqual(["know", "fine"]);
  });

  it("strips clitics from content words and joins names written with an apostrophe", () => {
    // "caroline" is stemmed like every English word: step 5 drops the final e.
    expect(lexicalTerms("Caroline's friend O'Brien'll come")).toEqual([
      "carolin",
      "friend",
      "obrien",
      "come",
    ]);
  });

  it("drops question words", () => {
    expect(lexicalTerms("Where did Caroline move, and when?")).toEqual(["carolin", "move"]);
  });

  it("keeps numbers as they are", () => {
    expect(lexicalTerms("Met 7 friends in 2023 at 3pm")).toEqual(["met", "7", "friend", "2023", "3pm"]);
  });

  it("folds full-width and compatibility forms with NFKC", () => {
    expect(lexicalTerms("Ｈｅｌｌｏ ２０２３ ﬁle")).toEqual(["hello", "2023", "file"]);
  });

  it("keeps accented and non-Latin words unstemmed", () => {
    expect(lexicalTerms("café naïve Москва")).toEqual(["café", "naïve", "москва"]);
  });

  it("returns nothing for empty text or punctuation alone", () => {
    expect(lexicalTerms("")).toEqual([]);
    expect(lexicalTerms(" ... !? ")).toEqual([]);
  });
});

describe("lexicalTerms, ASCII text", () => {
  it("finds the words by code unit exactly as the general path does", () => {
    // an em dash is no word character and NFKC keeps it: the text takes the general path and adds no term
    const pieces = [
      "'",
      "’",
      " ",
      "don",
      "t",
      "o",
      "brien",
      "s",
      "ll",
      "A",
      "I",
      "1",
      "42",
      "-",
      "_",
      ".",
      "\n",
    ];
    const same = (text: string) => {
      expect(lexicalTerms(text)).toEqual(lexicalTerms(`${text} \u2014`));
    };
    fc.assert(fc.property(fc.string({ unit: "binary-ascii", maxLength: 60 }), same));
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => same(parts.join(""))),
    );
  });
});

describe("lexicalTerms, Chinese", () => {
  it("cuts words with jieba and drops stop words and punctuation", () => {
    const terms = lexicalTerms("我住在北京，在阿里巴巴工作");
    expect(terms).toEqual(["住", "北京", "阿里", "巴巴", "阿里巴巴", "工作"]);
    expect(terms).toContain("北京");
    expect(terms).toContain("阿里巴巴");
    for (const stop of ["的", "在", "我", "，"]) expect(terms).not.toContain(stop);
  });

  it("keeps single-character content words", () => {
    expect(lexicalTerms("我喜欢猫")).toEqual(["喜欢", "猫"]);
  });
});

describe("lexicalTerms, mixed text", () => {
  it("keeps the order of the Chinese and English runs", () => {
    expect(lexicalTerms("I moved to 上海 in 2023年, working at Alibaba")).toEqual([
      "move",
      "上海",
      "2023",
      "年",
      "work",
      "alibaba",
    ]);
  });

  it("treats digits and Latin inside Chinese text as their own terms", () => {
    expect(lexicalTerms("我的iPhone是2021年买的")).toEqual(["iphon", "2021", "年", "买"]);
  });
});

describe("lexicalTerms, full-text safety", () => {
  it("strips quotes and FTS operators' punctuation", () => {
    expect(lexicalTerms('"NEAR(foo* AND bar)" OR -baz ^qux')).toEqual(["near", "foo", "bar", "baz", "qux"]);
  });

  it("never yields a term with whitespace, a double quote or an apostrophe, for any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (text) => {
        for (const term of lexicalTerms(text)) {
          expect(term.length).toBeGreaterThan(0);
          expect(term).not.toMatch(/[\s"'*()]/u);
        }
      }),
    );
  });

  it("does the same for text made of likely troublemakers", () => {
    const pieces = ['"', "'", "’", "*", "(", ")", " ", "AND", "NEAR", "我", "的", "a", "1", "-", "\u3000"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        for (const term of lexicalTerms(parts.join(""))) expect(term).not.toMatch(/[\s"'*()]/u);
      }),
    );
  });
});

describe("queryTerms", () => {
  it("keeps the first occurrence of each term, in order", () => {
    expect(queryTerms("Dogs and cats and more dogs")).toEqual(["dog", "cat"]);
    expect(queryTerms("北京 Beijing 北京")).toEqual(["北京", "beij"]);
  });
});

describe("lexicalTerms, speed", () => {
  it("handles at least 20,000 short English sentences a second", () => {
    const sentences = Array.from(
      { length: 20_000 },
      (_, i) => `I went hiking with my sister's dogs last weekend, trip number ${i} to the lake!`,
    );
    const started = performance.now();
    let count = 0;
    for (const sentence of sentences) count += lexicalTerms(sentence).length;
    const seconds = (performance.now() - started) / 1000;
    expect(count).toBeGreaterThan(0);
    // Generous for slow CI machines: the bar is one second for 20,000.
    expect(seconds).toBeLessThan(1);
  });
});
