/** Entities that resolve (aliases, case, possessives), no person from a common noun, and facts as edges between them. */
import { describe, expect, it } from "vitest";
import { isChineseShortFormOf } from "../../src/text/facts/index.js";
import { openTestEngine } from "../helpers.js";

const at = (minute: number) => Date.UTC(2023, 4, 8, 13, minute);

async function conversation(turns: [speaker: string, text: string][]) {
  const { engine } = openTestEngine({ now: () => at(59) });
  await engine.remember(
    turns.map(([speaker, text], i) => ({ text, speaker, user: "c", session: "s1", at: at(i) })),
  );
  return engine;
}

describe("entities", () => {
  it("alias: a short form said to someone ('Hey Mel!' to Melanie) becomes her alias, and later 'Mel' is her", async () => {
    const engine = await conversation([
      ["Caroline", "Hey Mel! Good to see you!"],
      ["Melanie", "Hey Caroline! I'm swamped with the kids & work."],
      ["Caroline", "I showed MEL's painting to my sister Anna."],
    ]);
    const { entities } = await engine.graph.readGraph({ user: "c" });
    const melanie = entities.find((e) => e.name === "Melanie");
    expect(melanie?.aliases).toContain("Mel");
    expect(entities.filter((e) => e.entityType === "person").map((e) => e.name)).not.toContain("Mel");
    // case and the possessive fall away: "MEL's" is Melanie too
    const aboutMel = await engine.graph.neighbours({ user: "c" }, "mel", 1);
    expect(aboutMel.entities.map((e) => e.name)).toContain("Melanie");
    const episodes = await engine.recall({ query: "Mel painting", user: "c", k: 3 });
    expect(episodes.results.length).toBeGreaterThan(0);
  });

  it("common noun not a person: 'Clay is incredible' makes no person named Clay", async () => {
    const engine = await conversation([
      ["Caroline", "What made you try pottery?"],
      ["Melanie", "Pottery is a huge part of my life. Clay is incredible, it brings me so much joy!"],
    ]);
    const { entities } = await engine.graph.readGraph({ user: "c" });
    expect(entities.map((e) => e.name)).not.toContain("Clay");
    // a name in a person's place ("Anthony and I") is still a person at the start of a sentence
    const other = await conversation([["John", "Anthony and I went to a charity event in Boston."]]);
    const names = (await other.graph.readGraph({ user: "c" })).entities.map(
      (e) => `${e.name} ${e.entityType}`,
    );
    expect(names).toEqual(expect.arrayContaining(["Anthony person", "Boston place"]));
  });

  it("a sentence's first word that is a vocabulary word is a name when it does what people do: 'Tom said…', not 'Hope helps'", async () => {
    const engine = await conversation([
      ["Ana", "Tom said he loved the cake. Mark told me to come early."],
      ["Ana", "Hope helps. Clay is incredible."],
    ]);
    const people = (await engine.graph.readGraph({ user: "c" })).entities
      .filter((e) => e.entityType === "person")
      .map((e) => e.name)
      .sort();
    expect(people).toEqual(["Ana", "Mark", "Tom"]);
  });

  it("a name the lexicon does not know is a person once the memory knows it: 'Tiago is 7' after 'our son Tiago'", async () => {
    const { engine } = openTestEngine({ now: () => at(59) });
    const say = (text: string, minute: number) =>
      engine.remember({ text, speaker: "Ana", user: "c", session: "s1", at: at(minute) });
    // told on its own first, the name is nobody the lexicon knows: nothing is read of "Tiago"
    await say("Tiago is 7 years old.", 0);
    const facts = async () => (await engine.facts({ user: "c" })).map((f) => f.text);
    expect(await facts()).not.toContain("Tiago is 7 years old.");
    await say("I live in Porto with my husband Rui and our son Tiago.", 1);
    await say("Tiago is 7 and he's in second grade.", 2);
    await say("Rui got a new job at Siemens last week.", 3);
    expect(await facts()).toEqual(expect.arrayContaining(["Tiago is 7 years old.", "Rui works at Siemens."]));
  });

  it("interjection not a person: 'Oof, …', 'Awww, …', 'Gotcha, Jon!' and 'Go Jon!' make no person but Jon", async () => {
    const engine = await conversation([
      ["Gina", "Oof, that sounds rough. Awww, your studio looks great!"],
      ["Jon", "Gotcha, Gina! Mmm, I am opening it next month."],
      ["Gina", "Go Jon! Remember Jon, just do it!"],
      ["Jon", "Visiting Lisbon was a dream."],
    ]);
    const { entities } = await engine.graph.readGraph({ user: "c" });
    const people = entities.filter((e) => e.entityType === "person").map((e) => e.name);
    expect(people.sort()).toEqual(["Gina", "Jon"]);
    // an opening gerund is no part of the place after it
    expect(entities.filter((e) => e.entityType === "place").map((e) => e.name)).toEqual(["Lisbon"]);
    // a name between commas is an item of a list, not someone spoken to; "Today, my friend…" is no one
    const listed = await conversation([
      ["Emily", "I want to visit cities like Madrid, Barcelona, and Granada next spring."],
      ["Emily", "Today, my friend and I went to a museum and saw some great paintings."],
    ]);
    const places = (await listed.graph.readGraph({ user: "c" })).entities.map(
      (e) => `${e.name} ${e.entityType}`,
    );
    expect(places).toEqual(expect.arrayContaining(["Madrid place", "Barcelona place"]));
    expect(places.filter((p) => p.startsWith("Today"))).toEqual([]);
    // two letters said to her are a short form of her name; an adverb before a name is no part of it
    const joanna = await conversation([
      ["Nate", "Thanks, Jo! That means a lot."],
      ["Joanna", "Anytime Nate! I'm here for you."],
    ]);
    const named = (await joanna.graph.readGraph({ user: "c" })).entities;
    expect(
      named
        .filter((e) => e.entityType === "person")
        .map((e) => e.name)
        .sort(),
    ).toEqual(["Joanna", "Nate"]);
    expect(named.find((e) => e.name === "Joanna")?.aliases).toContain("Jo");
  });

  it("what a name names: 'a cat named Bailey' is an animal, 'a location called …' a place, 'Oscar, my guinea pig'", async () => {
    const engine = await conversation([
      ["Melanie", "The kids are good - we got another cat named Bailey too."],
      ["Melanie", "And yup, I do have one more - Oscar, my guinea pig. He's been great."],
      ["Joanna", "I took this photo at a beautiful location called Whispering Falls."],
      ["Joanna", "I grew up in Fort Wayne and I still love Jackson Park."],
    ]);
    const { entities, relations } = await engine.graph.readGraph({ user: "c" });
    const typed = entities.map((e) => `${e.name} ${e.entityType}`);
    expect(typed).toEqual(
      expect.arrayContaining([
        "Bailey animal",
        "Oscar animal",
        "Whispering Falls place",
        // a place's head word outweighs a first name in it
        "Fort Wayne place",
        "Jackson Park place",
      ]),
    );
    const edges = relations.map((r) => `${r.from} ${r.relationType} ${r.to}`);
    expect(edges).toEqual(expect.arrayContaining(["Melanie pet Bailey", "Joanna visited Whispering Falls"]));
    expect(edges.filter((e) => e.endsWith(" Bailey"))).toHaveLength(1);
  });

  it("a name that modifies a noun ('a Harry Potter party') is a title or a brand, mentioned, and nobody one knows", async () => {
    const engine = await conversation([
      ["Tim", "I just got back from the coolest Harry Potter party in London."],
      ["Tim", "My friend is a big fan of Harry Potter, so we watched the movies together."],
    ]);
    const { entities, relations } = await engine.graph.readGraph({ user: "c" });
    expect(entities.find((e) => e.name === "Harry Potter")?.entityType).toBe("thing");
    const edges = relations.filter((r) => r.to === "Harry Potter").map((r) => `${r.from} ${r.relationType}`);
    expect(edges.sort()).toEqual(["Tim mentions", "Tim's friend likes"]);
    // who made a work is mentioned, not known; someone the speaker was inspired by is known
    const works = await conversation([
      ["Tim", 'I am reading a fantasy novel called "The Name of the Wind" by Patrick Rothfuss.'],
      ["Tim", "I was so inspired by Maria when we volunteered together."],
    ]);
    const authored = (await works.graph.readGraph({ user: "c" })).relations.map(
      (r) => `${r.from} ${r.relationType} ${r.to}`,
    );
    expect(authored).toEqual(expect.arrayContaining(["Tim mentions Patrick Rothfuss", "Tim knows Maria"]));
    // a place a verb no rule reads relates to is mentioned, not "have"
    const other = await conversation([["Maria", "I have a big loving family back in Florida."]]);
    const florida = (await other.graph.readGraph({ user: "c" })).relations.filter((r) => r.to === "Florida");
    expect(florida.map((r) => r.relationType)).toEqual(["mentions"]);
  });

  it("a title in quotation marks is one thing, whatever its words: 'Charlotte's Web' is no person Charlotte", async () => {
    const engine = await conversation([
      ["Melanie", 'I loved reading "Charlotte\'s Web" as a kid.'],
      ["Tim", '"Harry Potter and the Philosopher\'s Stone" is special to me.'],
      ["Caroline", 'I told her "Caroline is amazing" and we laughed.'],
    ]);
    const { entities, relations } = await engine.graph.readGraph({ user: "c" });
    const typed = entities.map((e) => `${e.name} ${e.entityType}`);
    expect(typed).toEqual(
      expect.arrayContaining(["Charlotte's Web thing", "Harry Potter and the Philosopher's Stone thing"]),
    );
    expect(entities.map((e) => e.name)).not.toContain("Charlotte");
    // a quoted sentence is no title
    expect(entities.map((e) => e.name)).not.toContain("Caroline is amazing");
    const edges = relations.map((r) => `${r.from} ${r.relationType} ${r.to}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        "Melanie likes Charlotte's Web",
        "Tim mentions Harry Potter and the Philosopher's Stone",
      ]),
    );
  });

  it("facts are edges: family, place, ownership, likes and membership relations, with the fact's time", async () => {
    const engine = await conversation([
      ["Melanie", "I'm lucky to have my husband and kids; they keep me motivated."],
      ["Melanie", "Last week I went to Paris with my sister Julia."],
      ["Melanie", "Oscar is my dog, and I love pottery."],
      ["Melanie", "I joined the Riverside Running Club yesterday."],
    ]);
    const { relations } = await engine.graph.readGraph({ user: "c" });
    const edges = relations.map((r) => `${r.from} ${r.relationType} ${r.to}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        "Melanie husband Melanie's husband",
        "Melanie children Melanie's children",
        "Melanie sister Julia",
        "Melanie visited Paris",
        "Melanie pet Oscar",
        "Melanie likes pottery",
        "Melanie member_of Riverside Running Club",
      ]),
    );
    const club = relations.find((r) => r.to === "Riverside Running Club");
    // "yesterday", said at 13:03 on 8 May
    expect(club?.validFrom).toBe("2023-05-07T13:03:00.000Z");
    expect(club?.sourceMemoryIds).toHaveLength(1);
    const paris = relations.find((r) => r.to === "Paris");
    expect(paris?.sourceMemoryIds).toHaveLength(1);
  });
});

describe("Chinese entities", () => {
  it("Chinese: words jieba's dictionary tags as names (谢谢, 明白, 美丽, 城市) make no entity; names by form and context do", async () => {
    const engine = await conversation([
      ["李伟", "谢谢你，我明白了，太棒了！这个城市很美丽，东西也新鲜。"],
      ["李伟", "上个月我和我的同事张志强去了张家界，风景很美。"],
      ["李伟", "我最喜欢的作家是乔治·奥威尔，我也很喜欢周杰伦的歌。"],
      ["李伟", "我现在住在青岛，在腾讯公司上班。"],
      ["李伟", "昨天王峰来我家吃饭。我们聊了《黑客帝国》。"],
    ]);
    const { entities, relations } = await engine.graph.readGraph({ user: "c" });
    const byType = (type: string) =>
      entities
        .filter((e) => e.entityType === type)
        .map((e) => e.name)
        .sort();
    expect(byType("person")).toEqual(["乔治·奥威尔", "周杰伦", "张志强", "李伟", "王峰"].sort());
    expect(byType("place")).toEqual(["张家界", "青岛"].sort());
    expect(byType("organization")).toEqual(["腾讯公司"]);
    // a title between title marks is a work, not the empire its last character names
    expect(byType("thing")).toEqual(["黑客帝国"]);
    const edges = relations.map((r) => `${r.from} ${r.relationType} ${r.to}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        "李伟 colleague 张志强",
        "李伟 visited 张家界",
        "李伟 likes 乔治·奥威尔",
        "李伟 likes 周杰伦",
        "李伟 lives_in 青岛",
        "李伟 works_at 腾讯公司",
        "李伟 knows 王峰",
      ]),
    );
    // the colleague is one edge, not a colleague and someone the sentence also "knows"
    expect(edges.filter((e) => e.endsWith(" 张志强"))).toEqual(["李伟 colleague 张志强"]);
  });

  it("Chinese short forms: 志强 and 阿强 are 张志强, 小李 is the one 李 of the scope; none makes a person, and two 李 make 小李 no one", async () => {
    const engine = await conversation([
      ["王芳", "我的同事张志强很厉害。我的朋友李雪也是。"],
      ["王芳", "志强说他明天来我家。"],
      ["王芳", "小李今天请假了，阿强替她上班。"],
    ]);
    const { entities } = await engine.graph.readGraph({ user: "c" });
    expect(
      entities
        .filter((e) => e.entityType === "person")
        .map((e) => e.name)
        .sort(),
    ).toEqual(["张志强", "李雪", "王芳"].sort());
    // the turns that call them so carry their entity: a recall that names 张志强 gives them the graph term
    const { results } = await engine.recall({ query: "张志强", user: "c", k: 5 });
    const about = (text: string, name: string) =>
      results
        .find((r) => r.text === text)
        ?.reasons.some((reason) => reason.includes(`graph: about "${name}"`)) ?? false;
    expect(about("志强说他明天来我家。", "张志强")).toBe(true);
    expect(about("小李今天请假了，阿强替她上班。", "张志强")).toBe(true);
    const aboutLi = await engine.recall({ query: "李雪", user: "c", k: 5 });
    expect(
      aboutLi.results
        .find((r) => r.text === "小李今天请假了，阿强替她上班。")
        ?.reasons.some((reason) => reason.includes('graph: about "李雪"')),
    ).toBe(true);
    // with two people of the surname 李, 小李 could be either, so it is neither
    const two = await conversation([
      ["王芳", "我的同事李雪很厉害。我的朋友李明也是。"],
      ["王芳", "小李今天请假了。"],
    ]);
    const either = await two.recall({ query: "李雪", user: "c", k: 5 });
    expect(
      either.results
        .find((r) => r.text === "小李今天请假了。")
        ?.reasons.some((reason) => reason.includes("graph: about")) ?? false,
    ).toBe(false);
  });
});

describe("Chinese vocatives", () => {
  it("Chinese vocative: '小李，你看这个' said to 李雪 makes 小李 her alias, though the scope has another 李", async () => {
    const engine = await conversation([
      ["王芳", "我的朋友李明也来了。"],
      ["李雪", "你好，王芳！"],
      ["王芳", "小李，你看这个。"],
    ]);
    const { entities } = await engine.graph.readGraph({ user: "c" });
    const li = entities.find((e) => e.name === "李雪");
    expect(li?.aliases).toContain("小李");
    expect(entities.find((e) => e.name === "李明")?.aliases ?? []).not.toContain("小李");
    expect(
      entities
        .filter((e) => e.entityType === "person")
        .map((e) => e.name)
        .sort(),
    ).toEqual(["李明", "李雪", "王芳"].sort());
  });
});

describe("isChineseShortFormOf", () => {
  it("reads the given name, 小/老/阿 forms and a surname with a title, and nothing else", () => {
    expect(isChineseShortFormOf("志强", "张志强")).toBe(true);
    expect(isChineseShortFormOf("阿强", "张志强")).toBe(true);
    expect(isChineseShortFormOf("小李", "李雪")).toBe(true);
    expect(isChineseShortFormOf("小雪", "李雪")).toBe(true);
    expect(isChineseShortFormOf("老王", "王峰")).toBe(true);
    expect(isChineseShortFormOf("张老师", "张志强")).toBe(true);
    expect(isChineseShortFormOf("欧阳先生", "欧阳锋")).toBe(true);
    expect(isChineseShortFormOf("张伟", "张伟强")).toBe(false);
    expect(isChineseShortFormOf("小王", "李雪")).toBe(false);
    expect(isChineseShortFormOf("李雪", "小李")).toBe(false);
    expect(isChineseShortFormOf("张志强", "张志强")).toBe(false);
    expect(isChineseShortFormOf("Mel", "Melanie")).toBe(false);
  });
});
