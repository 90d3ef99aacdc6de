/** The entity resolver's Chinese short forms: looked up through indexes built on first use and kept up to date. */
import { describe, expect, it } from "vitest";
import { createEntityResolver } from "../../src/core/knowledge/entity-resolver.js";
import type { EntityRecord } from "../../src/spec/graph.js";
import { isChineseShortFormOf } from "../../src/text/facts/index.js";

const scope = { tenant: "t", user: "u", agent: null };

function person(id: string, name: string, aliases: string[] = []): EntityRecord {
  return { id, ...scope, name, entityType: "person", aliases, observations: [], createdAt: 0 };
}

describe("entity resolver, Chinese short forms", () => {
  it("finds the one person a short form can be of, and keeps finding right as people are added", () => {
    const resolver = createEntityResolver(scope, [person("e1", "张志强"), person("e2", "Melanie")], 1);
    // the first look-up builds the indexes from the stored entities
    expect(resolver.find("志强", "person")?.id).toBe("e1");
    expect(resolver.find("阿强", "person")?.id).toBe("e1");
    expect(resolver.find("张老师", "person")?.id).toBe("e1");
    expect(resolver.find("小李", "person")).toBeUndefined();
    // a person created afterwards is indexed as it is made
    const li = resolver.resolve("李雪", "person");
    expect(resolver.find("小李", "person")).toBe(li);
    expect(resolver.find("小雪", "person")).toBe(li);
    // a second 李 makes 小李 anyone's, so no one's; 小雪 is still hers
    resolver.resolve("李明", "person");
    expect(resolver.find("小李", "person")).toBeUndefined();
    expect(resolver.find("小雪", "person")).toBe(li);
    // not for other types, and an English name is untouched
    expect(resolver.find("志强", "place")).toBeUndefined();
    expect(resolver.find("Mel", "person")).toBeUndefined();
  });

  it("a placeholder named in Chinese (我妹妹叫李小芳) is found by its short forms", () => {
    const resolver = createEntityResolver(scope, [person("e1", "李伟")], 1);
    const speaker = resolver.find("李伟", "person") as EntityRecord;
    // "我妹妹叫李小芳": the placeholder takes the name
    resolver.relative(speaker, "sister");
    const sister = resolver.name(speaker, "sister", "李小芳");
    expect(resolver.find("小芳", "person")).toBe(sister);
    // 小李 could be either 李
    expect(resolver.find("小李", "person")).toBeUndefined();
  });

  it("reads the same short forms through its indexes as isChineseShortFormOf does, so the two cannot drift", () => {
    const names = ["张志强", "李雪", "王峰", "欧阳锋", "司马光", "陈小明"];
    const forms = [
      "志强",
      "阿强",
      "小张",
      "老李",
      "小雪",
      "小峰",
      "小欧",
      "欧阳先生",
      "司马老师",
      "小明",
      "阿明",
      "张总",
    ];
    for (const name of names)
      for (const form of forms) {
        const resolver = createEntityResolver(scope, [person("e1", name)], 1);
        expect([name, form, resolver.find(form, "person")?.id === "e1"]).toEqual([
          name,
          form,
          isChineseShortFormOf(form, name),
        ]);
      }
  });
});
