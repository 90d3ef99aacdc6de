import { describe, expect, it } from "vitest";
import { normalizeText, textHash } from "./normalize.js";

describe("normalizeText", () => {
  it("lower-cases, trims, collapses whitespace and drops final punctuation", () => {
    expect(normalizeText("Hello  World!")).toBe("hello world");
    expect(normalizeText("  Hello\n\tWorld ?! ")).toBe("hello world");
    expect(normalizeText("Hello World…")).toBe("hello world");
  });

  it("applies NFKC, so full-width forms equal their ASCII twins", () => {
    expect(normalizeText("Ｈｅｌｌｏ　Ｗｏｒｌｄ！")).toBe("hello world");
  });

  it("drops Chinese sentence punctuation at the end only", () => {
    expect(normalizeText("我住在北京。")).toBe("我住在北京");
    expect(normalizeText("你好！你在哪里？")).toBe("你好!你在哪里");
  });

  it("keeps inner punctuation and other trailing marks", () => {
    expect(normalizeText("Dr. Smith, hi.")).toBe("dr. smith, hi");
    expect(normalizeText("a (b)")).toBe("a (b)");
    expect(normalizeText("...")).toBe("");
  });
});

describe("textHash", () => {
  it("is the hex SHA-1 of the normalised text", () => {
    // sha1("hello world") is the well-known 2aae6c35c94fcfb415dbe95f408b9ce91ee846ed.
    expect(textHash("Hello  World!")).toBe("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed");
  });

  it("is equal for texts that differ only in case, spacing and final punctuation", () => {
    expect(textHash("Hello  World!")).toBe(textHash("hello world"));
    expect(textHash("hello world")).not.toBe(textHash("hello, world"));
  });
});
