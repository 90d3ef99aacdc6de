/** The entity resolver's Chinese short forms: looked up through indexes built on first use and kept up to date. */
import { describe, expect, it } from "vitest";
import { createEntityResolver } from "../../src/core/knowledge/entity-resolver.js";
import type { EntityRecord } from "../../src/spec/graph.js";

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
});
