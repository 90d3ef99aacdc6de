/** The dialogue app over a real SQLite file: offline answers from facts across sessions, the context-only fallback, and the LLM path against a recorded reply. */
import { describe, expect, it } from "vitest";
import { createDialogueApp } from "../../../src/apps/dialogue/index.js";
import { saidAnswer } from "../../../src/apps/dialogue/told-answer.js";
import { createLanguageModel } from "../../../src/providers/index.js";
import { openTestEngine } from "../../helpers.js";
import { serveDialogueFixtures } from "./dialogue-fixture-server.js";

const NOW = Date.UTC(2025, 5, 1, 9);

describe("dialogue app, no LLM", () => {
  it("answers where the user lives in a new session, from what was said in an earlier one", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine, { now: () => NOW });
    const told = await chat.turn("I moved to Lisbon last month", { user: "ana", session: "monday" });
    expect(told.mode).toBe("context-only");
    expect(told.answer).toBe("Noted: you live in Lisbon.");
    expect(told.remembered.assistant).toBeNull();

    const asked = await chat.turn("where do I live?", { user: "ana", session: "tuesday", trace: true });
    expect(asked.mode).toBe("memory");
    expect(asked.answer).toBe("You live in Lisbon.");
    expect(asked.llm).toBeUndefined();
    expect(asked.facts?.map((fact) => [fact.subject, fact.predicate, fact.object])).toEqual([
      ["ana", "lives_in", "Lisbon"],
    ]);
    expect(asked.facts?.[0]?.sources).toEqual([told.remembered.user]);
    expect(asked.recalled.map((memory) => memory.text).sort()).toEqual([
      "I moved to Lisbon last month",
      "ana lives in Lisbon.",
    ]);
    expect(asked.recalled.every((memory) => memory.weight > 0)).toBe(true);
    expect(asked.context.text).toContain("ana: I moved to Lisbon last month");
    expect(asked.trace?.[0]).toMatch(/^recalled 2 memories into a context of \d+ of 2000 tokens:$/);
    expect(asked.trace?.at(-1)).toBe(
      `answered from fact ${asked.facts?.[0]?.id}: ana lives_in Lisbon (told 1×)`,
    );

    // The answer is remembered as the assistant's turn of the session.
    const assistant = await engine.store.get("default", [asked.remembered.assistant as string]);
    expect(assistant[0]).toMatchObject({
      text: "You live in Lisbon.",
      role: "assistant",
      speaker: "assistant",
      session: "tuesday",
      user: "ana",
    });
  });

  it("answers in Chinese: 我住在北京 … 我住在哪里？", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    expect((await chat.turn("我住在北京", { user: "li", session: "c1" })).answer).toBe(
      "记住了：你住在北京。",
    );
    await chat.turn("我妹妹叫小红。", { user: "li", session: "c1" });
    const where = await chat.turn("我住在哪里？", { user: "li", session: "c2" });
    expect(where).toMatchObject({ mode: "memory", answer: "你住在北京。" });
    const sister = await chat.turn("我妹妹叫什么名字？", { user: "li", session: "c2" });
    expect(sister).toMatchObject({ mode: "memory", answer: "你的妹妹叫小红。" });
  });

  it("answers a Chinese liking by any word of its topic, not by the word naming its kind", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    await chat.turn("我最喜欢的户外活动是徒步旅行。", { user: "li", session: "c1" });
    await chat.turn("我最喜欢的电影类型是科幻片。", { user: "li", session: "c1" });
    const turn = (text: string) => chat.turn(text, { user: "li", session: "c2" });
    // 户外运动 and 户外活动 share 户外; the answer is the one liking about it, not the films
    expect(await turn("我喜欢哪些户外运动？")).toMatchObject({ mode: "memory", answer: "你喜欢徒步旅行。" });
    // 类型 names a kind: a music question finds no film
    expect((await turn("我喜欢什么样的音乐类型？")).mode).toBe("context-only");
  });

  it("answers a topic only with a value that names what the topic is a kind of (its last word)", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    await chat.turn("我喜欢户外活动。", { user: "li", session: "c1" });
    await chat.turn("我喜欢摇滚音乐。", { user: "li", session: "c1" });
    await chat.turn("我喜欢旅游和看电影。", { user: "li", session: "c1" });
    await chat.turn("I love rock music.", { user: "ana", session: "s1" });
    const turn = (text: string, user = "li") => chat.turn(text, { user, session: "c2" });
    // 户外活动 shares 户外 with 户外运动 but names no sport; rock music is no band
    expect((await turn("我喜欢哪些户外运动？")).mode).toBe("context-only");
    expect((await turn("我喜欢哪些摇滚乐队？")).mode).toBe("context-only");
    expect((await turn("What kind of bands do I like?", "ana")).mode).toBe("context-only");
    // 看电影 in a list names films and nothing more; 摇滚音乐 names music and more
    expect((await turn("我喜欢看哪些类型的电影？")).mode).toBe("context-only");
    expect(await turn("我喜欢什么类型的音乐？")).toMatchObject({
      mode: "memory",
      answer: "你喜欢摇滚音乐。",
    });
    expect(await turn("What kind of music do I like?", "ana")).toMatchObject({
      answer: "You like rock music.",
    });
  });

  it("answers a liking's topic with what names more than the topic, found in the value, not elsewhere in its sentence", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    await chat.turn("I like listening to music.", { user: "ana", session: "s1" });
    await chat.turn("I really love rock music.", { user: "ana", session: "s1" });
    await chat.turn("I like traveling and watching movies.", { user: "ana", session: "s1" });
    await chat.turn("我喜欢听音乐。", { user: "li", session: "c1" });
    const turn = (text: string, user = "ana") => chat.turn(text, { user, session: "s2" });
    // "listening to music" only repeats the topic
    expect((await turn("What kind of music do I like?")).answer).toBe("You like rock music.");
    expect((await turn("我喜欢什么类型的音乐？", "li")).mode).toBe("context-only");
    // the films are in the sentence of the liking of travel, not in its value
    expect((await turn("What genres of movies do I like?")).answer).not.toContain("traveling");
    // a favourite names its kind before its value: 游泳 answers 运动 though the word is not in it
    await chat.turn("我最喜欢的运动是游泳。", { user: "wang", session: "w1" });
    expect((await turn("我喜欢什么运动？", "wang")).answer).toBe("你喜欢游泳。");
  });

  it("answers a liking with its whole list, by any item that names the topic or a word for the same kind", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    await chat.turn("I like comedies and romance films.", { user: "lucy", session: "s1" });
    await chat.turn("I prefer Sichuan and Cantonese cuisine.", { user: "lucy", session: "s1" });
    await chat.turn("I like hiking, painting and reading.", { user: "lucy", session: "s1" });
    const turn = (text: string) => chat.turn(text, { user: "lucy", session: "s2" });
    // "romance films" answers a question about movies; the list is answered whole, as said
    expect(await turn("What genres of movies do I like to watch?")).toMatchObject({
      mode: "memory",
      answer: "You like comedies and romance films.",
    });
    expect((await turn("What kind of food do I like?")).answer).toBe(
      "You like Sichuan and Cantonese cuisine.",
    );
    // no item names music
    expect((await turn("What kind of music do I like?")).mode).toBe("context-only");
    // what follows "especially" is a kind of what came before it: jazz answers a question about music
    await chat.turn("I also love listening to music, especially jazz.", { user: "frank", session: "f1" });
    expect(
      (await chat.turn("What type of music do I like to listen to?", { user: "frank", session: "f2" }))
        .answer,
    ).toBe("You like listening to music, especially jazz.");
    // a liking said again in a longer list is told once, and lists are told apart
    for (const said of ["I like pizza.", "I love jazz and blues.", "I like pizza and pasta."])
      await chat.turn(said, { user: "sam", session: "m1" });
    expect((await chat.turn("What do I like?", { user: "sam", session: "m2" })).answer).toBe(
      "You like pizza and pasta, and jazz and blues.",
    );
    // a favourite answers by the kind it names ("music genres"), which its value need not name
    await chat.turn("My favorite music genres are rock and pop.", { user: "lucy", session: "s1" });
    expect((await turn("What types of music do I like?")).answer).toBe("You like rock and pop.");
  });

  it("answers a topic with kinds of what it names: genres of music and film, sports", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    for (const said of ["I love jazz and blues.", "I enjoy rock climbing.", "我喜欢打篮球和游泳。"])
      await chat.turn(said, { user: "kim", session: "k1" });
    const turn = (text: string) => chat.turn(text, { user: "kim", session: "k2" });
    // "rock climbing" ends on a sport, not on music
    expect((await turn("What kind of music do I like?")).answer).toBe("You like jazz and blues.");
    expect((await turn("What sports do I like?")).answer).toBe("You like rock climbing.");
    expect((await turn("我喜欢什么运动？")).answer).toBe("你喜欢打篮球和游泳。");
    await chat.turn("我喜欢听音乐，尤其是爵士乐。", { user: "kim", session: "k1" });
    expect((await turn("我喜欢什么类型的音乐？")).answer).toBe("你喜欢听音乐，尤其是爵士乐。");
    expect((await turn("What kind of movies do I like?")).mode).toBe("context-only");
  });

  it("answers a pet's name by its kind, from a pet named alone or in a list of what the user has", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const turn = async (text: string, user = "ana") => (await chat.turn(text, { user, session: "q" })).answer;
    for (const said of [
      "I moved to Lisbon last spring with my husband Tom and our two cats, Miso and Tofu.",
      "I adopted a puppy named Rex last week.",
    ])
      await chat.turn(said, { user: "ana", session: "s1" });
    expect(await turn("What are my pets' names?")).toBe("Your cats are Miso and Tofu. Your dog is Rex.");
    expect(await turn("What are my cats called?")).toBe("Your cats are Miso and Tofu.");
    expect(await turn("What's my dog's name?")).toBe("Your dog is Rex.");
    expect((await chat.turn("What is my rabbit called?", { user: "ana", session: "q" })).mode).toBe(
      "context-only",
    );
    // another user's pets are not theirs
    expect((await chat.turn("What are my pets' names?", { user: "bob", session: "q" })).mode).toBe(
      "context-only",
    );
    for (const said of ["我的狗叫旺财。", "我有一只叫咪咪的猫。"])
      await chat.turn(said, { user: "wang", session: "s1" });
    expect(await turn("我的宠物叫什么名字？", "wang")).toBe("你的狗叫旺财。你的猫叫咪咪。");
    expect(await turn("我的猫叫什么名字？", "wang")).toBe("你的猫叫咪咪。");
    expect(await turn("我的狗叫什么？", "wang")).toBe("你的狗叫旺财。");
    expect(await turn("我养了什么宠物？", "wang")).toBe("你的狗叫旺财。你的猫叫咪咪。");
    // what pets are had, named or not, and nothing else had
    for (const said of ["I have two cats and a dog.", "I have a Tesla."])
      await chat.turn(said, { user: "cy", session: "s1" });
    expect(await turn("What pets do I have?", "cy")).toBe("You have two cats and a dog.");
    expect(await turn("What pets do I have?")).toBe("Your cats are Miso and Tofu. Your dog is Rex.");
  });

  it("answers who a person the user named is to them, and what is known of them", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const turn = (text: string, user = "ana") => chat.turn(text, { user, session: "q" });
    for (const said of [
      "I moved to Lisbon with my husband Tom.",
      "Tom works at Microsoft as an engineer.",
      "My friend Maria lives in Porto.",
    ])
      await chat.turn(said, { user: "ana", session: "s1" });
    expect((await turn("Who is Tom?")).answer).toBe(
      "Tom is your husband. Tom works at Microsoft. Tom works as an engineer.",
    );
    expect((await turn("Who's Maria?")).answer).toBe("Maria is your friend. Maria lives in Porto.");
    expect((await turn("Who is Bob?")).mode).toBe("context-only");
    // another user knows no Tom
    expect((await turn("Who is Tom?", "bob")).mode).toBe("context-only");
    await chat.turn("我的朋友李娜在清华大学教书。", { user: "wang", session: "s1" });
    expect((await turn("李娜是谁？", "wang")).answer).toBe("李娜是你的朋友。李娜在清华大学工作。");
  });

  it("tells what it knows about the user, one sentence a kind of fact, in the user's language", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const turn = (text: string, user: string) => chat.turn(text, { user, session: "q" });
    for (const said of [
      "I moved to Lisbon last spring with my husband Tom and our two cats, Miso and Tofu.",
      "I work as a nurse at Santa Maria.",
      "I'm allergic to peanuts.",
      "I love hiking and baking bread.",
    ])
      await chat.turn(said, { user: "ana", session: "s1" });
    const about = await turn("What do you know about me?", "ana");
    expect(about.mode).toBe("memory");
    expect(about.answer).toBe(
      "Here is what I know about you: You live in Lisbon. You work at Santa Maria. You work as a nurse. Your husband's name is Tom. Your cats are Miso and Tofu. You are allergic to peanuts. You like hiking and baking bread.",
    );
    // its evidence is the facts it told
    expect(about.facts?.map((f) => f.predicate)).toEqual(
      expect.arrayContaining(["lives_in", "works_at", "job_title", "husband", "allergic_to", "likes"]),
    );
    for (const said of ["我叫王峰，今年三十岁，住在上海。", "我在腾讯工作。"])
      await chat.turn(said, { user: "wang", session: "s1" });
    expect((await turn("你知道我的什么？", "wang")).answer).toBe(
      "我记得这些：你叫王峰。你30岁。你住在上海。你在腾讯工作。",
    );
    // a user never heard of is told so
    expect((await turn("What do you know about me?", "nobody")).mode).toBe("context-only");
    // the user's people's facts follow, newest first, said to the user
    for (const said of ["I live in Lisbon.", "My mom is a nurse.", "My sister Julia lives in Porto."])
      await chat.turn(said, { user: "joy", session: "s1" });
    expect((await turn("What do you know about me?", "joy")).answer).toBe(
      "Here is what I know about you: You live in Lisbon. Your sister's name is Julia. Julia lives in Porto. Your mother works as a nurse.",
    );
    await chat.turn("我哥住在杭州。", { user: "li", session: "s1" });
    expect((await turn("我哥住在哪里？", "li")).answer).toBe("你哥住在杭州。");
  });

  it("answers the names of a group of relatives, by the group or by its members", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const turn = async (text: string, user: string) => (await chat.turn(text, { user, session: "q" })).answer;
    for (const said of ["I have two kids, Emma and Liam.", "My parents, John and Mary, live in Ohio."])
      await chat.turn(said, { user: "ana", session: "s1" });
    expect(await turn("What are my kids' names?", "ana")).toBe("Your kids are Emma and Liam.");
    expect(await turn("Who are my parents?", "ana")).toBe("Your parents are John and Mary.");
    expect(await turn("Who is Emma?", "ana")).toBe("Emma is your child.");
    // a son and a daughter named are the kids (newest first, as every answer)
    for (const said of ["My son Max is five.", "My daughter Lily loves dancing."])
      await chat.turn(said, { user: "bo", session: "s1" });
    expect(await turn("What are my kids' names?", "bo")).toBe("Your kids are Lily and Max.");
    expect(await turn("What is my son's name?", "bo")).toBe("Your son's name is Max.");
  });

  it("answers yes or no to a liking or an allergy told, the newer telling holding, and what is known of a person named", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const say = async (text: string, user: string) => (await chat.turn(text, { user, session: "s1" })).answer;
    const turn = async (text: string, user: string) => (await chat.turn(text, { user, session: "q" })).answer;
    await say("I don't like spicy food.", "ana");
    expect(await turn("Do I like spicy food?", "ana")).toBe("No, you dislike spicy food.");
    await say("I love running and swimming.", "ana");
    expect(await turn("Do I enjoy swimming?", "ana")).toBe("Yes, you like running and swimming.");
    // nothing told of it is no answer either way
    expect(await turn("Do I like jazz?", "ana")).toBe("I don't remember you telling me that.");
    await say("I'm allergic to peanuts.", "ana");
    expect(await turn("Am I allergic to peanuts?", "ana")).toBe("Yes, you are allergic to peanuts.");
    expect(await turn("Am I allergic to shellfish?", "ana")).toBe("I don't remember you telling me that.");
    // the newer telling holds
    await say("Actually I love spicy food now.", "ana");
    expect(await turn("Do I like spicy food?", "ana")).toBe("Yes, you like spicy food.");
    await say("My wife Sarah loves gardening.", "ana");
    expect(await turn("Does my wife like gardening?", "ana")).toBe("Yes, your wife likes gardening.");
    expect(await turn("What do you know about Sarah?", "ana")).toBe(
      "Sarah is your wife. Your wife Sarah loves gardening.",
    );
    await say("我不喜欢吃辣。", "wang");
    expect(await turn("我喜欢吃辣吗？", "wang")).toBe("不，你不喜欢吃辣。");
    await say("我会弹钢琴，也会打网球。", "wang");
    expect(await turn("我会弹什么？", "wang")).toBe("你弹钢琴、打网球。");
    await say("我妈妈住在成都，她今年七十岁了。", "wang");
    expect(await turn("我妈妈多大了？", "wang")).toBe("你的妈妈70岁。");
    await say("我对花生过敏。", "wang");
    expect(await turn("我对花生过敏吗？", "wang")).toBe("是的，你对花生过敏。");
    await say("I can speak Hindi, English and a bit of French.", "ana");
    expect(await turn("Do I speak French?", "ana")).toBe(
      "Yes, you speak Hindi, English and a bit of French.",
    );
    await say("I live with my roommate Chloe, she's a chef.", "ana");
    expect(await turn("What does Chloe do?", "ana")).toBe("Chloe works as a chef.");
    // the asker's own "what do I do?" asks for advice, not a job
    expect((await chat.turn("What do I do?", { user: "ana", session: "q" })).mode).toBe("context-only");
    // what the user lastingly is, told as a statement, is known of them; a state of the moment is not
    for (const text of ["I'm vegetarian.", "I live in Oslo.", "I'm so tired today."]) await say(text, "eve");
    expect(await turn("What do you know about me?", "eve")).toBe(
      "Here is what I know about you: You live in Oslo. You are vegetarian.",
    );
    // a user who types in lower case
    expect(await say("i live in seattle with my boyfriend alex", "jo")).toBe(
      "Noted: your boyfriend's name is Alex. You live in Seattle.",
    );
    expect(await turn("where do i live", "jo")).toBe("You live in Seattle.");
    expect(await turn("who is alex", "jo")).toBe("Alex is your boyfriend.");
    // a new job started is where one works
    expect(await say("I started a new job at Dell last week.", "bo")).toBe("Noted: you work at Dell.");
    // a statement of one's own after the time it happens at is remembered as said
    expect(await say("Next month I am flying to Tokyo for work.", "bo")).toBe("Noted.");
    // (要去 with a time given is a plan)
    expect(await say("下个月我要去日本出差。", "wang")).toBe("记住了：你打算去日本出差。");
  });

  it("answers how many relatives or pets the user has, from those named and the count told, in English and Chinese", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const say = async (text: string, user: string) => (await chat.turn(text, { user, session: "s1" })).answer;
    const turn = async (text: string, user: string) => (await chat.turn(text, { user, session: "q" })).answer;
    await say("I have two kids, Emma and Noah.", "ana");
    expect(await turn("How many kids do I have?", "ana")).toBe("You have two kids: Emma and Noah.");
    expect(await turn("How many children do I have?", "ana")).toBe("You have two children: Emma and Noah.");
    // a count told with fewer named: both
    await say("I have three sisters.", "ana");
    expect(await turn("How many sisters do I have?", "ana")).toBe("You have three sisters.");
    await say("My sister Maria lives in Rome.", "ana");
    expect(await turn("How many sisters do I have?", "ana")).toBe(
      "You have three sisters; you told me of Maria.",
    );
    expect((await chat.turn("How many brothers do I have?", { user: "ana", session: "q" })).mode).toBe(
      "context-only",
    );
    // pets by kind, from one turn that named them after their kinds
    await say("I have a dog named Rex and two cats, Miso and Tofu.", "bo");
    expect(await turn("How many cats do I have?", "bo")).toBe("You have two cats: Miso and Tofu.");
    expect(await turn("How many dogs do I have?", "bo")).toBe("You have one dog: Rex.");
    expect(await turn("How many pets do I have?", "bo")).toBe("You have three pets: Rex, Miso and Tofu.");
    // what is known of the user says the count once, with the names ("You have two kids." it was, beside them)
    expect(await turn("What do you know about me?", "ana")).toBe(
      "Here is what I know about you: Your sister's name is Maria. Your children are Emma and Noah. You have three sisters. Maria lives in Rome.",
    );
    // an age in a clause about the one named ("a son, Jake, who is 10")
    await say("We have a son, Jake, who is 10.", "cy");
    expect(await turn("How old is Jake?", "cy")).toBe("Jake is 10 years old.");
    // and ages told together of two people
    expect(await say("Emma is 7 and Noah is 4.", "ana")).toBe(
      "Noted: Emma is 7 years old. Noah is 4 years old.",
    );
    expect(await turn("How old is Emma?", "ana")).toBe("Emma is 7 years old.");
    await say("我有两个孩子，一个叫小明，一个叫小红。", "wang");
    expect(await turn("我有几个孩子？", "wang")).toBe("你有两个孩子：小明、小红。");
    // kids a colon lists, and what they do
    expect(await say("We have three kids: Ethan, Sophie and Leo.", "dan")).toBe(
      "Noted: your children are Ethan, Sophie and Leo.",
    );
    expect(await turn("How many kids do I have?", "dan")).toBe("You have three kids: Ethan, Sophie and Leo.");
    expect(await say("Ethan plays soccer and Sophie loves painting.", "dan")).toBe(
      "Noted: Ethan plays soccer. Sophie likes painting.",
    );
    expect(await turn("What does Ethan play?", "dan")).toBe("Ethan plays soccer.");
    await say("I'm planning to run a marathon next spring.", "dan");
    expect(await turn("What am I planning?", "dan")).toBe("You plan to run a marathon.");
    // a daughter had and named is one of the kids, her age her own
    await say("我们有一个女儿，叫陈晨，今年六岁。", "chen");
    expect(await turn("我有几个孩子？", "chen")).toBe("你有一个孩子：陈晨。");
    expect(await turn("我女儿几岁？", "chen")).toBe("你的女儿6岁。");
    expect(await turn("How old am I?", "chen")).toBe("I don't remember you telling me that.");
    await say("我养了一只猫，叫咪咪。", "wang");
    expect(await turn("我有几只猫？", "wang")).toBe("你有一只猫：咪咪。");
  });

  it("reads back what a turn taught in one sentence a kind, and answers relatives had and named, in English and Chinese", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const say = async (text: string, user: string) => (await chat.turn(text, { user, session: "s1" })).answer;
    const turn = async (text: string, user: string) => (await chat.turn(text, { user, session: "q" })).answer;
    expect(await say("My parents, John and Mary, live in Ohio.", "ana")).toBe(
      "Noted: your parents are John and Mary.",
    );
    // what is had is not said again beside the name, and keeps its article
    expect(await say("I have a brother named Tom.", "ana")).toBe("Noted: your brother's name is Tom.");
    // (a relative had and named is said by the name alone; a count above those named says more)
    expect(await say("I have a son, Max.", "ana")).toBe("Noted: your son's name is Max.");
    expect(await say("I have three sisters and a car.", "ana")).toBe(
      "Noted: you have three sisters and a car.",
    );
    expect(await say("My mom is Ann.", "ana")).toBe("Noted: your mother's name is Ann.");
    expect(await turn("Where do my parents live?", "ana")).toBe("Your parents live in Ohio.");
    expect(await turn("What is my mom's name?", "ana")).toBe("Your mom's name is Ann.");
    expect(await turn("Who is Max?", "ana")).toBe("Max is your son.");
    // one of the kids told as a son too is the son, not "your child and son"
    await say("I have two kids, Emma and Liam.", "ana");
    await say("My son Liam is five.", "ana");
    expect(await turn("Who is Liam?", "ana")).toBe("Liam is your son. Liam is 5 years old.");

    expect(await say("我有个妹妹，叫小红。", "wang")).toBe("记住了：你的妹妹叫小红。");
    await say("我有两个孩子，小明和小红。", "wang");
    await say("我父母住在成都。", "wang");
    await say("我养了一只小狗，叫豆豆。", "wang");
    expect(await turn("我妹妹叫什么？", "wang")).toBe("你的妹妹叫小红。");
    expect(await turn("我的孩子叫什么名字？", "wang")).toBe("你的孩子叫小明、小红。");
    expect(await turn("我父母住在哪里？", "wang")).toBe("你的父母住在成都。");
    expect(await turn("我的狗叫什么？", "wang")).toBe("你的狗叫豆豆。");
    // one of a group is a child (孩子), not children (孩子们)
    expect(await turn("小明是谁？", "wang")).toBe("小明是你的孩子。");
    expect(await turn("我叫什么名字？", "wang")).toBe("我不记得你跟我说过这个。");
  });

  it("says what no longer holds: a job quit, a home left, a marriage over, in English and Chinese", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const say = async (text: string, user: string) => (await chat.turn(text, { user, session: "s1" })).answer;
    const turn = async (text: string, user: string) => (await chat.turn(text, { user, session: "q" })).answer;
    await say("I work at Google as an engineer.", "ana");
    await say("I'm married to Tom.", "ana");
    expect(await say("I quit my job at Google.", "ana")).toBe("Noted: you no longer work at Google.");
    expect(await turn("Where do I work?", "ana")).toBe("You no longer work at Google.");
    expect(await say("We got divorced.", "ana")).toBe("Noted: you are no longer married to Tom.");
    expect(await turn("Who is Tom?", "ana")).toBe("Tom was your spouse.");
    expect(await turn("What do you know about me?", "ana")).toBe(
      "Here is what I know about you: You no longer work at Google. You work as an engineer. You are no longer married to Tom.",
    );
    // a new job is the answer again, and the ones before it what came before
    await say("I started working at Apple.", "ana");
    expect(await turn("Where do I work?", "ana")).toBe("You work at Apple.");
    expect(await turn("Where did I work before?", "ana")).toBe("Before Apple, you worked at Google.");
    expect(await turn("Where did I use to live?", "ana")).toBe("I don't remember you telling me that.");

    await say("我住在北京。", "wang");
    expect(await say("我不住在北京了。", "wang")).toBe("记住了：你不再住在北京。");
    expect(await turn("我住在哪里？", "wang")).toBe("你不再住在北京。");
    expect(await turn("我以前住在哪里？", "wang")).toBe("你以前住在北京。");
    await say("我搬到了上海。", "wang");
    expect(await turn("我以前住在哪里？", "wang")).toBe("你以前住在北京，现在住在上海。");
    // a job or a home never told as current, no longer held, is the one before
    await say("I no longer work at Google; I work at Meta now.", "cy");
    expect(await turn("Where did I work before?", "cy")).toBe("Before Meta, you worked at Google.");
    expect(await say("I used to live in Boston.", "cy")).toBe("Noted: you no longer live in Boston.");
    await say("I live in Denver.", "cy");
    expect(await turn("Where did I live before?", "cy")).toBe("Before Denver, you lived in Boston.");
    // a former value told after a current one is older than it, newest first
    await say("I live in Lisbon.", "di");
    await say("I used to live in Boston.", "di");
    await say("I moved to Berlin.", "di");
    expect(await turn("Where did I live before?", "di")).toBe(
      "Before Berlin, you lived in Lisbon and Boston.",
    );
  });

  it("answers when something told happened from the fact that kept its date, and who someone named there is", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const at = "2026-12-01T10:00:00Z"; // a Tuesday
    const say = async (text: string, user: string) =>
      (await chat.turn(text, { user, session: "s1", at })).answer;
    const turn = async (text: string, user: string) =>
      (await chat.turn(text, { user, session: "q", at })).answer;
    await say("I went to Rome in March.", "ana");
    await say("I'm flying to Tokyo next Friday.", "ana");
    await say("I have a meeting with Sarah on Monday.", "ana");
    await say("My sister went to Paris yesterday.", "ana");
    // the March before, said to the asker
    expect(await turn("When did I go to Rome?", "ana")).toBe("You went to Rome in March 2026.");
    expect(await turn("When am I going to Tokyo?", "ana")).toBe(
      "You are flying to Tokyo on 11 December 2026.",
    );
    expect(await turn("When's my meeting with Sarah?", "ana")).toBe(
      "You have a meeting with Sarah on 7 December 2026.",
    );
    expect(await turn("When did my sister go to Paris?", "ana")).toBe(
      "Your sister went to Paris on 30 November 2026.",
    );
    await say("I'm training for a half marathon in April.", "ana");
    expect(await turn("When is the half marathon?", "ana")).toBe(
      "You are training for a half marathon in April 2027.",
    );
    // nothing told of Berlin: not a wrong date, and the context is shown as for any question it cannot answer
    const berlin = await chat.turn("When did I go to Berlin?", { user: "ana", session: "q", at });
    expect(berlin.mode).toBe("context-only");
    expect(berlin.answer).toMatch(/^I have no language model/u);
    // another user's Rome is not Ana's
    expect((await chat.turn("When did I go to Rome?", { user: "bob", session: "q", at })).mode).toBe(
      "context-only",
    );
    // what the user did, or will do, in a time the question names: their own events dated in it, in order
    await say("I went hiking on Saturday.", "ana");
    await say("I visited my parents last week.", "ana");
    expect(await turn("What did I do last week?", "ana")).toBe(
      "You visited your parents in the week of 24 November 2026. You went hiking on 28 November 2026.",
    );
    expect(await turn("What did I do in March?", "ana")).toBe("You went to Rome in March 2026.");
    expect(await turn("What am I doing next Friday?", "ana")).toBe(
      "You are flying to Tokyo on 11 December 2026.",
    );
    // a fact whose sentence kept its date answers too; "next week" is the calendar week, Monday 7 December first
    expect(await turn("What do I have on Monday?", "ana")).toBe(
      "You have a meeting with Sarah on 7 December 2026.",
    );
    expect(await turn("What am I doing next week?", "ana")).toBe(
      "You have a meeting with Sarah on 7 December 2026. You are flying to Tokyo on 11 December 2026.",
    );
    expect((await chat.turn("What did I do in July?", { user: "ana", session: "q", at })).mode).toBe(
      "context-only",
    );
    // a relative's or another's doings in a time: theirs, not the asker's
    await say("My son Leo started swimming lessons yesterday.", "ana");
    await say("Leo lost his first tooth on Sunday.", "ana");
    expect(await turn("What did my sister do yesterday?", "ana")).toBe(
      "Your sister went to Paris on 30 November 2026.",
    );
    expect(await turn("What happened to Leo last week?", "ana")).toBe(
      "Leo lost his first tooth on 29 November 2026.",
    );
    expect((await chat.turn("What did I do yesterday?", { user: "ana", session: "q", at })).mode).toBe(
      "context-only",
    );
    // "our" is the asker's and their family's
    await say("We're planning a trip to Japan in April.", "ana");
    expect(await turn("When is our trip to Japan?", "ana")).toBe(
      "You are planning a trip to Japan in April 2027.",
    );
    // a name corrected replaces the one it says was wrong
    await say("My sister's name is Maria. She lives in Rome.", "ana");
    await say("Sorry, my sister's name is Mia, not Maria.", "ana");
    expect(await turn("What's my sister's name?", "ana")).toBe("Your sister's name is Mia.");
    // what was told of the wrong name is the right one's, and the wrong one was never the sister
    expect(await turn("Who is Mia?", "ana")).toBe(
      "Mia is your sister. Mia lives in Rome. Your sister visited Paris.",
    );
    expect(await turn("Who is Maria?", "ana")).toBe("Your sister's name is Mia, not Maria.");
    // who someone is, when nothing is known of them but what the user told that names them
    expect(await turn("Who is Sarah?", "ana")).toBe("You have a meeting with Sarah on 7 December 2026.");
    expect(await turn("Who is Bob?", "ana")).toBe("I don't remember you telling me that.");
    await say("我上个月去了罗马。", "wang");
    await say("我下周五要和李娜见面。", "wang");
    expect(await turn("我什么时候去的罗马？", "wang")).toBe("你2026年11月去了罗马。");
    expect(await turn("我哪天和李娜见面？", "wang")).toBe("你2026年12月11日要和李娜见面。");
    expect(await turn("我上个月去了哪里？", "wang")).toBe("你2026年11月去了罗马。");
    expect(await turn("李娜是谁？", "wang")).toBe("你2026年12月11日要和李娜见面。");
  });

  it("remembers a Chinese introduction: a greeting, a family that lives together, a plan of 我们, what is learned", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const at = "2026-12-01T10:00:00Z";
    const say = async (text: string) => (await chat.turn(text, { user: "wang", session: "s1", at })).answer;
    const turn = async (text: string) => (await chat.turn(text, { user: "wang", session: "q", at })).answer;
    expect(await say("你好，我叫王峰，是一名软件工程师，在腾讯工作。")).toBe(
      "记住了：你叫王峰。你是软件工程师。你在腾讯工作。",
    );
    expect(await say("我和妻子李娜还有两个孩子住在深圳。")).toBe("记住了：你住在深圳。你的妻子叫李娜。");
    expect(await say("我女儿小红刚上小学。")).toBe("记住了：你的女儿叫小红。");
    await say("我们打算明年四月去日本旅游。");
    expect(await say("我学日语已经一年了。")).toBe("记住了：你在学日语。");
    expect(await turn("我妻子叫什么名字？")).toBe("你的妻子叫李娜。");
    expect(await turn("我们打算去哪里旅游？")).toBe("你打算去日本旅游。");
    expect(await turn("我们什么时候去日本？")).toBe("你打算2027年4月去日本旅游。");
    expect(await turn("我在学什么？")).toBe("你在学日语。");
    expect(await turn("小红是谁？")).toBe("小红是你的女儿。");
  });

  it("answers a favourite as one, a name gone by, an age in words and a birthplace", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const say = async (text: string, user: string) => (await chat.turn(text, { user, session: "s1" })).answer;
    const turn = async (text: string, user: string) => (await chat.turn(text, { user, session: "q" })).answer;
    expect(await say("My favorite color is blue.", "ana")).toBe("Noted: your favorite color is blue.");
    await say("I like jazz.", "ana");
    expect(await turn("What's my favorite color?", "ana")).toBe("Your favorite color is blue.");
    // a favourite whose value is a name of a kind (a band) keeps its kind
    await say("My favourite band is Coldplay.", "bo");
    expect(await turn("What's my favourite band?", "bo")).toBe("Your favorite band is Coldplay.");
    // what is known of the user says a favourite as one too ("You like jazz and blue." it was)
    expect(await turn("What do you know about me?", "ana")).toBe(
      "Here is what I know about you: Your favorite color is blue. You like jazz.",
    );
    // a predicate with no sentence of its own is the catalogue's, its verb in "you"'s form ("You learns" it was)
    expect(await say("I've been learning Japanese for a year.", "ana")).toBe(
      "Noted: you are learning Japanese.",
    );
    expect(await turn("What am I learning?", "ana")).toBe("You are learning Japanese.");
    // a liking is no favourite told
    expect(await turn("What's my favorite music?", "ana")).toBe("You like jazz.");
    expect(await say("Call me Annie.", "ana")).toBe("Noted: your name is Annie.");
    expect(await turn("What's my name?", "ana")).toBe("Your name is Annie.");
    await say("My son Max is five.", "ana");
    expect(await turn("How old is my son?", "ana")).toBe("Your son is 5 years old.");
    await say("I was born in Lyon.", "ana");
    expect(await turn("Where was I born?", "ana")).toBe("You are from Lyon.");
    expect(await say("My birthday is on March 3rd.", "ana")).toBe("Noted: your birthday is on March 3rd.");
    expect(await turn("When is my birthday?", "ana")).toBe("Your birthday is on March 3rd.");
    await say("My son's birthday is in June.", "ana");
    expect(await turn("When is my son's birthday?", "ana")).toBe("Your son's birthday is in June.");
    expect(await say("Our anniversary is on June 12th.", "ana")).toBe(
      "Noted: your anniversary is on June 12th.",
    );
    expect(await turn("When is our wedding anniversary?", "ana")).toBe("Your anniversary is on June 12th.");
    expect(await say("I have a car and two cats.", "ana")).toBe("Noted: you have a car and two cats.");
    expect(await turn("What do I have?", "ana")).toBe("You have a car and two cats.");
    expect(await turn("What pets do I have?", "ana")).toBe("You have two cats.");
    expect(await say("I speak French and Spanish.", "ana")).toBe("Noted: you speak French and Spanish.");
    expect(await turn("What languages do I speak?", "ana")).toBe("You speak French and Spanish.");
    await say("我会说法语和西班牙语。", "wang");
    expect(await turn("我会说什么语言？", "wang")).toBe("你会说法语和西班牙语。");
    await say("我的生日是三月三号。我有一辆自行车。", "wang");
    expect(await turn("我的生日是哪天？", "wang")).toBe("你的生日是三月三号。");
    await say("我们的结婚纪念日是六月十二号。", "wang");
    expect(await turn("我们的结婚纪念日是哪天？", "wang")).toBe("你的纪念日是六月十二号。");
    expect(await turn("我有什么？", "wang")).toBe("你有一辆自行车。");
    expect(await say("我最喜欢的颜色是蓝色。", "wang")).toBe("记住了：你最喜欢的颜色是蓝色。");
    expect(await turn("我最喜欢的颜色是什么？", "wang")).toBe("你最喜欢的颜色是蓝色。");
    // "he" after the husband named is the husband; a pet named has an age; the city moved from is no home
    await say("My husband's name is Mark and he works at Microsoft.", "ana");
    expect(await turn("Where does my husband work?", "ana")).toBe("Your husband works at Microsoft.");
    await say("Our dog Bella is 3 years old.", "ana");
    expect(await turn("How old is Bella?", "ana")).toBe("Bella is 3 years old.");
    // an age said with a pronoun after who was had; a group's, each by name
    await say("We just adopted a puppy named Max and he is 1.", "cy");
    expect(await turn("How old is Max?", "cy")).toBe("Max is 1 year old.");
    await say("I have twin boys, Leo and Theo, they're 3.", "cy");
    expect(await turn("How old are my kids?", "cy")).toBe("Leo is 3 years old. Theo is 3 years old.");
    expect(await turn("How old are my parents?", "cy")).toBe("I don't remember you telling me that.");
    expect(await say("I moved from Boston to Denver two years ago.", "ana")).toBe(
      "Noted: you live in Denver.",
    );
  });

  it("answers allergies, a hometown and a named person's work, in English and Chinese", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const turn = async (text: string, user: string) => (await chat.turn(text, { user, session: "q" })).answer;
    for (const said of ["I'm severely allergic to peanuts and shellfish.", "My son is allergic to cats."])
      await chat.turn(said, { user: "ana", session: "s1" });
    expect(await turn("What am I allergic to?", "ana")).toBe("You are allergic to peanuts and shellfish.");
    expect(await turn("Do I have any allergies?", "ana")).toBe("You are allergic to peanuts and shellfish.");
    expect(await turn("What is my son allergic to?", "ana")).toBe("Your son is allergic to cats.");
    // denied is no allergy: no fact answers, the words said are said back as said
    await chat.turn("I'm not allergic to anything.", { user: "bob", session: "s1" });
    const denied = await chat.turn("What am I allergic to?", { user: "bob", session: "q" });
    expect(denied.facts).toEqual([]);
    expect(denied.answer).toMatch(/^You told me on \d{1,2} \w+ \d{4}: "I'm not allergic to anything\."$/u);
    for (const said of ["我老家是四川的。", "我对花生和芒果过敏。", "我的朋友李娜在清华大学教书。"])
      await chat.turn(said, { user: "wang", session: "s1" });
    expect(await turn("我对什么过敏？", "wang")).toBe("你对花生和芒果过敏。");
    expect(await turn("我老家是哪里？", "wang")).toBe("你来自四川。");
    expect(await turn("李娜在哪里工作？", "wang")).toBe("李娜在清华大学工作。");
  });

  it("answers where a plan goes only with a plan that names a place", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    await chat.turn("我打算去参观一些博物馆。", { user: "li", session: "c1" });
    const where = () => chat.turn("我最近计划去哪个国家玩？", { user: "li", session: "c2" });
    expect((await where()).mode).toBe("context-only");
    await chat.turn("我打算去墨西哥旅游。", { user: "li", session: "c1" });
    expect(await where()).toMatchObject({ mode: "memory", answer: "你打算去墨西哥旅游。" });
    // what the plans are, with no place asked, is both
    expect((await chat.turn("我打算做什么？", { user: "li", session: "c3" })).answer).toContain("博物馆");
  });

  it("answers names, likes and the newest value, and stays within the user", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    await chat.turn("My sister is called Maria.", { user: "ana", session: "s1" });
    await chat.turn("I really like jazz.", { user: "ana", session: "s1" });
    await chat.turn("I live in Lisbon.", { user: "ana", session: "s1" });
    await chat.turn("I moved to Berlin.", { user: "ana", session: "s2" });
    await chat.turn("I live in Porto.", { user: "bob", session: "b1" });
    const turn = (text: string, user = "ana") => chat.turn(text, { user, session: "s3" });
    expect((await turn("What is my sister's name?")).answer).toBe("Your sister's name is Maria.");
    expect((await turn("What do I like?")).answer).toBe("You like jazz.");
    expect((await turn("Where do I live now?")).answer).toBe("You live in Berlin.");
    expect((await turn("Where do I live?", "bob")).answer).toBe("You live in Porto.");
    const carol = await turn("Where do I live?", "carol");
    expect(carol).toMatchObject({ mode: "context-only", answer: "I don't remember you telling me that." });
    expect(carol.recalled).toEqual([]);
  });

  it("answers a question no predicate answers from what was told that holds each of its words", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine, { now: () => NOW });
    const say = (text: string, user = "ana") => chat.turn(text, { user, session: "s1" });
    const ask = async (text: string, user = "ana") => (await chat.turn(text, { user, session: "s2" })).answer;
    await say("I usually wake up at 6am.");
    await say("My dad usually gets up at 5am.");
    await say("I go to the gym three times a week.");
    await say("I've been married for 8 years.");
    await say("My dad passed away last year.");
    await say("I prefer tea over coffee.");
    await say("I hate rainy weather.");
    await say("My car is a 2019 Honda Civic.");
    await say("我结婚八年了。", "wang");
    await say("我每天早上六点起床。", "wang");
    // the asker's own, and a relative's when the question names them
    expect(await ask("What time do I wake up?")).toBe("You usually wake up at 6am.");
    expect(await ask("What time does my dad get up?")).toBe("Your dad usually gets up at 5am.");
    expect(await ask("What time do I get up?")).toMatch(/^I have no language model/u);
    // a question of hundreds of words is no question one fact answers, and no error
    const long = `Do I ${Array.from({ length: 250 }, (_, i) => `zebra${i}x`).join(" ")} wake up?`;
    expect(await ask(long)).toMatch(/^I have no language model/u);
    expect(await ask("How often do I go to the gym?")).toBe("You go to the gym three times a week.");
    expect(await ask("How long have I been married?")).toBe("You have been married for 8 years.");
    expect(await ask("Is my dad still alive?")).toBe("Your dad passed away in 2024.");
    expect(await ask("Do I like coffee?")).toBe("You prefer tea over coffee.");
    expect(await ask("What car do I drive?")).toBe("Your car is a 2019 Honda Civic.");
    expect(await ask("我结婚多久了？", "wang")).toBe("你结婚八年了。");
    expect(await ask("我每天早上几点起床？", "wang")).toBe("你每天早上六点起床。");
    // a question not about the asker, or one whose words no telling holds, is no answer from it
    const weather = await chat.turn("What's the weather like?", { user: "ana", session: "s2" });
    expect(weather.mode).toBe("context-only");
    expect(await ask("What time do I go to bed?")).toMatch(/^I have no language model/u);
    // a question's own words answer nothing ("I once had a problem with my car, what was it?")
    expect(await ask("I once had a problem with my car, what was it?")).toMatch(/^I have no language model/u);
    await say("我喜欢打羽毛球和跑步。", "wang");
    expect(await ask("我不喜欢打羽毛球，对吗？", "wang")).toBe("你喜欢打羽毛球和跑步。");
    // another's home is no answer to where the asker lives
    await say("My brother Rafael lives in São Paulo.");
    expect(await ask("Where do I live?")).toBe("I don't remember you telling me that.");
    // and another user's tellings answer nothing
    expect(await ask("How long have I been married?", "bo")).toMatch(/^I have no language model/u);
  });

  it("answers what is known of a relative: by name, each of a group, or as told before they were named", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const say = (text: string) => chat.turn(text, { user: "lucas", session: "s1", speaker: "Lucas" });
    const ask = async (text: string) =>
      (await chat.turn(text, { user: "lucas", session: "s2", speaker: "Lucas" })).answer;
    await say("My wife Sofia is a doctor and she loves hiking.");
    await say("We have twin boys, Leo and Theo.");
    await say("My brother works as a lawyer in Boston.");
    expect(await ask("What do you know about my wife?")).toBe(
      "Sofia is your wife. Sofia works as a doctor. Your wife Sofia loves hiking.",
    );
    expect(await ask("Tell me about my kids.")).toBe("Leo is your child. Theo is your child.");
    expect(await ask("What do you know about my brother?")).toBe("Your brother works as a lawyer in Boston.");
    expect(await ask("What do you know about my sister?")).toBe("I don't remember you telling me that.");
  });

  it("remembers a user who types in lower case: names after a naming verb or a relative, months, languages, homes before", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine, { now: () => NOW });
    const say = (text: string) => chat.turn(text, { user: "jess", session: "s1", speaker: "Jess" });
    const ask = async (text: string) =>
      (await chat.turn(text, { user: "jess", session: "s2", speaker: "Jess" })).answer;
    await say("hey, im jess and i just moved to denver from chicago");
    await say("i have a golden retriever named biscuit");
    await say("my partner sam is a nurse at denver health");
    await say("i'm trying to learn spanish");
    await say("i can't eat gluten, i have celiac");
    await say("my mom's birthday is on march 3rd");
    await say("I don't drink coffee anymore.");
    expect(await ask("where do i live?")).toBe("You live in Denver.");
    expect(await ask("where did i live before?")).toBe("Before Denver, you lived in Chicago.");
    expect(await ask("what's my dog's name?")).toBe("Your dog is Biscuit.");
    expect(await ask("what does sam do?")).toBe("Sam works as a nurse.");
    expect(await ask("where does sam work?")).toBe("Sam works at Denver Health.");
    expect(await ask("what am i learning?")).toBe("You are learning Spanish.");
    expect(await ask("can i eat gluten?")).toBe("You can't eat gluten.");
    expect(await ask("when is my mom's birthday?")).toBe("Your mom's birthday is on March 3rd.");
    expect(await ask("do i drink coffee?")).toBe("You don't drink coffee anymore.");
    // a value corrected on its own
    await say("Actually, it was Boulder, not Denver.");
    expect(await ask("where do i live?")).toBe("You live in Boulder.");
    expect(await ask("where did i live before?")).toBe("Before Boulder, you lived in Chicago.");
  });

  it("answers who a partner broken up with was, and what happened to a pet that died", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const say = (text: string) => chat.turn(text, { user: "ana", session: "s1" });
    const ask = async (text: string) => (await chat.turn(text, { user: "ana", session: "s2" })).answer;
    await say("My boyfriend is Tom and he lives in Paris.");
    await say("We have a cat named Luna and a puppy named Rex.");
    await say("I broke up with Tom.");
    await say("My new boyfriend is Mark.");
    await say("Our cat Luna passed away yesterday.");
    expect(await ask("Who is my boyfriend?")).toBe("Your boyfriend's name is Mark.");
    expect(await ask("Who is Tom?")).toBe("Tom was your boyfriend. Tom lives in Paris.");
    expect(await ask("How many pets do I have?")).toBe("You have one pet: Rex.");
    expect(await ask("What happened to Luna?")).toBe("Luna is no longer your pet.");
    // a break-up that names none ends the one there is; who it was is told as no longer
    await say("Mark and I broke up.");
    expect(await ask("Who is my boyfriend?")).toBe("Mark is no longer your boyfriend.");
  });

  it("answers of the people one works with and of what a person by name will do, once told, whatever the name", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const say = (text: string) => chat.turn(text, { user: "sam", session: "s1", speaker: "Sam" });
    const ask = async (text: string) =>
      (await chat.turn(text, { user: "sam", session: "s2", speaker: "Sam" })).answer;
    await say("I live in Porto with my husband Rui and our son Tiago.");
    await say("My supervisor is Dana, and my teammate Kenji sits next to me.");
    // names no lexicon knows, read once the memory knows them
    await say("Tiago is 7 and he's in second grade.");
    await say("Rui got a new job at Siemens last week.");
    await say("Kenji is moving to Tokyo in January.");
    expect(await ask("Who is my manager?")).toBe("Your manager's name is Dana.");
    expect(await ask("Who are my teammates?")).toBe("Your colleague's name is Kenji.");
    expect(await ask("How old is Tiago?")).toBe("Tiago is 7 years old.");
    expect(await ask("Where does Rui work?")).toBe("Rui works at Siemens.");
    const when = await chat.turn("When is Kenji moving to Tokyo?", {
      user: "sam",
      session: "s2",
      speaker: "Sam",
    });
    expect(when.answer).toMatch(/^Kenji is moving to Tokyo in January \d{4}\.$/u);
    // the assistant's answer retold it: one event, not a second told by the assistant
    const events = await engine.facts({ user: "sam", predicate: "event" });
    expect(events.filter((f) => f.text.startsWith("Kenji is moving"))).toHaveLength(1);
    // in Chinese: a name jieba does not know, once told; another's doings in a time, a relative's by the word
    const zh = (text: string, session = "s1") => chat.turn(text, { user: "chen", session, speaker: "陈静" });
    await zh("我老公叫张伟，我们有一个女儿，叫朵朵。");
    await zh("朵朵下个月要上幼儿园了。");
    await zh("张伟昨天去上海出差了。");
    await zh("我妹妹昨天去了西湖。");
    expect((await zh("朵朵什么时候上幼儿园？", "s2")).answer).toMatch(
      /^朵朵\d{4}年\d{1,2}月要上幼儿园了。$/u,
    );
    expect((await zh("张伟昨天做了什么？", "s2")).answer).toMatch(
      /^张伟\d{4}年\d{1,2}月\d{1,2}日去上海出差了。$/u,
    );
    expect((await zh("我妹妹昨天做了什么？", "s2")).answer).toMatch(
      /^你的妹妹\d{4}年\d{1,2}月\d{1,2}日去了西湖。$/u,
    );
    expect((await zh("我昨天做了什么？", "s2")).mode).toBe("context-only");
    // when what a topic names is, asked topic first
    await zh("我老婆怀孕了，预产期是明年三月。");
    expect((await zh("我老婆的预产期是什么时候？", "s2")).answer).toMatch(
      /^你的老婆怀孕了，预产期是\d{4}年3月。$/u,
    );
    // a plan told after its time, naming the speaker again; asked with no word of intent
    expect((await zh("下个月我们要去成都看我公公婆婆。")).answer).toBe(
      "记住了：你打算去成都看自己的公公婆婆。",
    );
    expect((await zh("我们下个月去哪里？", "s2")).answer).toMatch(
      /^你打算\d{4}年\d{1,2}月去成都看自己的公公婆婆。$/u,
    );
    await zh("我弟弟叫小军。");
    expect((await zh("你知道我什么？", "s2")).answer).toContain("你的弟弟叫小军。");
    // Kenji's, not the asker's: what Sam does in January is nothing told
    const january = await chat.turn("What am I doing in January?", {
      user: "sam",
      session: "s2",
      speaker: "Sam",
    });
    expect(january.mode).toBe("context-only");
    // what the asker's days hold, whoever does it: a relative's visit told with its week
    await chat.turn("My mother-in-law is visiting from Dublin next week.", {
      user: "sam",
      session: "s3",
      speaker: "Sam",
    });
    expect(
      (await chat.turn("Who is visiting next week?", { user: "sam", session: "s4", speaker: "Sam" })).answer,
    ).toMatch(/^Your mother-in-law is visiting from Dublin in the week of \d{1,2} \w+ \d{4}\.$/u);
    expect(
      (await chat.turn("What am I doing next week?", { user: "sam", session: "s4", speaker: "Sam" })).mode,
    ).toBe("context-only");
  });

  it("answers whether one has pets or kids, and ends a pet known by its name alone", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const say = async (text: string, user = "priya") =>
      (await chat.turn(text, { user, session: "s1" })).answer;
    const ask = async (text: string, user = "priya") =>
      (await chat.turn(text, { user, session: "s2" })).answer;
    await say("We have a cat called Mochi.");
    await say("I have two daughters, Anika and Mira.");
    expect(await ask("Do I have any pets?")).toBe("You have one pet: Mochi.");
    expect(await ask("Do I have kids?")).toBe("You have two kids: Anika and Mira.");
    expect(await ask("Do I have any siblings?")).toBe("I don't remember you telling me that.");
    expect(await say("Sadly Mochi passed away.")).toBe("Noted: Mochi is no longer your pet.");
    expect(await ask("What pets do I have?")).toBe("Mochi is no longer your pet.");
    expect(await ask("Do I have any pets?")).toBe("Mochi is no longer your pet.");
    await say("我有一只猫，叫咪咪。", "wang");
    expect(await ask("我有宠物吗？", "wang")).toBe("你有一只宠物：咪咪。");
  });

  it("answers what is played with what is learnt to play, a relative's job, and a list of children after 叫", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const say = async (text: string, user = "sara") =>
      (await chat.turn(text, { user, session: "s1" })).answer;
    const ask = async (text: string, user = "sara") =>
      (await chat.turn(text, { user, session: "s2" })).answer;
    await say("I'm learning to play tennis.");
    await say("I'm also learning Spanish.");
    expect(await ask("What sports do I play?")).toBe("You are learning to play tennis.");
    expect(await ask("What instruments do I play?")).toBe("I don't remember you telling me that.");
    // what is played answers before what is learnt
    await say("I play golf every Sunday.");
    expect(await ask("What sports do I play?")).toBe("You play golf.");
    // a question whose only word names a relative is not answered by who they are
    await say("My husband is Mark.");
    expect(await ask("What does my husband do?")).toBe("I don't remember you telling me that.");
    await say("Mark works as a teacher.");
    expect(await ask("What does my husband do?")).toBe("Your husband works as a teacher.");
    await say("我有两个孩子，叫小明和小红。", "wang");
    expect(await ask("我有几个孩子？", "wang")).toBe("你有两个孩子：小明、小红。");
    const children = await engine.facts({ user: "wang", predicate: "children" });
    expect(children.map((fact) => fact.text).sort()).toEqual(["小明是wang的孩子。", "小红是wang的孩子。"]);
  });

  it("answers homes before one named, an age from the year one was born, and what a vegetarian eats", async () => {
    // (an hour a turn, from June 2025)
    let now = NOW;
    const { engine } = openTestEngine({ now: () => now });
    const chat = createDialogueApp(engine, { now: () => now });
    const say = async (text: string) => {
      now += 3_600_000;
      return (await chat.turn(text, { user: "ana", session: "s1" })).answer;
    };
    const ask = async (text: string) => (await chat.turn(text, { user: "ana", session: "s2" })).answer;
    await say("I lived in Madrid until 2015.");
    await say("Then I moved to Paris.");
    await say("In 2020 I moved to Berlin.");
    expect(await ask("Where did I live before Berlin?")).toBe(
      "Before Berlin, you lived in Paris and Madrid.",
    );
    expect(await ask("Where did I live before Paris?")).toBe("Before Paris, you lived in Madrid.");
    expect(await ask("Where did I live before Tokyo?")).toBe("I don't remember you telling me that.");
    // a home told in the past tense was one before
    await say("I work at Zalando. Before that I lived in Lyon for five years.");
    expect(await ask("Where do I live?")).toBe("You live in Berlin.");
    await say("My daughter Lena was born in 2019.");
    await say("I was born in March 1990.");
    expect(await ask("How old is Lena?")).toBe("Lena was born in 2019, so Lena is 5 or 6 years old.");
    expect(await ask("How old am I?")).toBe("You were born in 1990, so you are 34 or 35 years old.");
    expect(await ask("When was I born?")).toBe("You were born in March 1990.");
    // an age one is turning at a date told: the age now, before the date and after it
    await say("My dad is turning 70 in August.");
    expect(await ask("How old is my father?")).toBe(
      "Your dad is turning 70 in August 2025, so your father is 69 now.",
    );
    expect(await ask("How old is my mom?")).toBe("I don't remember you telling me that.");
    await say("我妈妈明年三月就六十岁了。");
    expect(await ask("我妈妈多大了？")).toBe("你的妈妈2026年3月就六十岁了，现在59岁。");
    now += 120 * 86_400_000;
    expect(await ask("How old is my dad?")).toBe(
      "Your dad is turning 70 in August 2025, so your dad is 70 now.",
    );
    await say("I'm vegetarian.");
    expect(await ask("Do I eat fish?")).toBe("You are vegetarian.");

    await say("I'm not vegetarian anymore.");
    expect(await ask("Am I vegetarian?")).toBe("You are no longer vegetarian.");
  });

  it("answers a question about one of the asker's people by name from what the asker told of them", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine, { now: () => NOW });
    const say = async (text: string) => (await chat.turn(text, { user: "ana", session: "s1" })).answer;
    const ask = async (text: string) => (await chat.turn(text, { user: "ana", session: "s2" })).answer;
    await say("My son Leo started kindergarten this fall.");
    await say("I love Maria's cooking.");
    await say("My sister Maria is a lawyer in Chicago. She has two cats.");
    expect(await ask("What did Leo start?")).toBe("Your son Leo started kindergarten in the fall of 2025.");
    // a sentence that names the one asked of after what it says is not about them
    expect(await ask("What does Maria love?")).toBe("I don't remember you telling me that.");
    expect(await ask("Does my sister have any pets?")).toBe("Your sister has two cats.");
  });

  it("says the asker's own things back as theirs: your job, not job or her job", async () => {
    // (an hour a turn)
    let now = NOW;
    const { engine } = openTestEngine({ now: () => now });
    const chat = createDialogueApp(engine, { now: () => now });
    const turn = async (text: string, session = "s1") => {
      now += 3_600_000;
      return (await chat.turn(text, { user: "ana", speaker: "Ana", session })).answer;
    };
    expect(await turn("I love my job.")).toBe("Noted: you like your job.");
    expect(await turn("I hate my commute.")).toBe("Noted: you dislike your commute.");
    expect(await turn("What do I like?", "s2")).toBe("You like your job.");
    expect(await turn("I don't like my job anymore.")).toBe("Noted: you dislike your job.");
    expect(await turn("Do I like my job?", "s2")).toBe("No, you dislike your job.");
    expect(await turn("What do I dislike?", "s2")).toBe("You dislike your job and your commute.");
    // another's thing stays theirs
    expect(await turn("I like hiking.")).toBe("Noted: you like hiking.");
  });

  it("answers from what was told when more memories hold the question's words than are read by them", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const told = (text: (i: number) => string, from: number, count: number) =>
      engine.remember(
        Array.from({ length: count }, (_, j) => ({
          text: text(from + j),
          user: "ana",
          speaker: "Ana",
          at: NOW - 86_400_000 + (from + j) * 60_000,
        })),
      );
    // the oldest turn alone holds "cello"; every turn holds "friend" (600: beyond the 500 read by their words)
    await told(() => "I play the cello with my friend on Sundays.", 0, 1);
    await told((i) => `I usually go hiking with my friend number ${i}.`, 1, 599);
    const chat = createDialogueApp(engine, { now: () => NOW });
    const ask = async (text: string) => (await chat.turn(text, { user: "ana", session: "q" })).answer;
    // the newest turns answer (read first)
    expect(await ask("Who do I usually go hiking with?")).toBe(
      "You usually go hiking with your friend number 599. You usually go hiking with your friend number 598. You usually go hiking with your friend number 597.",
    );
    // one the newest do not hold is still found, in every fact
    expect(await ask("Do I play the cello with my friend?")).toBe(
      "You play the cello with your friend on Sundays.",
    );
  });

  it("answers from the asker's own words, quoted with their day, when no fact holds the question's words", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    let at = NOW;
    const chat = createDialogueApp(engine, { now: () => at });
    const turn = (text: string, user = "ana", session = "s1") => chat.turn(text, { user, session });
    await turn("I need to buy milk, eggs and bread.");
    await turn("My manager is Priya and she is very strict.");
    await turn("I had a long meeting with my manager.");
    await turn("Kenji is moving to Tokyo in January 2026.");
    await turn("I went to the gym yesterday.");
    await turn("I need to call the plumber.", "bob");
    at = NOW + 3 * 86_400_000;
    const buy = await turn("What do I need to buy?", "ana", "s2");
    expect(buy.mode).toBe("memory");
    expect(buy.answer).toBe('You told me on 1 June 2025: "I need to buy milk, eggs and bread."');
    // the answer shows the turn it quotes
    expect(buy.said).toHaveLength(1);
    expect((await engine.get({ ids: buy.said ?? [] }))[0]?.text).toBe("I need to buy milk, eggs and bread.");
    const traced = await chat.turn("What do I need to buy?", { user: "ana", session: "s2", trace: true });
    expect(traced.trace).toContain(`answered from what was said in memory ${buy.said?.[0]}`);
    // who a relative is: the sentence that names them, not one that only speaks of them
    expect((await turn("Who is my manager?", "ana", "s2")).answer).toBe(
      'You told me on 1 June 2025: "My manager is Priya and she is very strict."',
    );
    // who someone is to another the asker knows, from a relative named
    await turn("My girlfriend Giulia is a vet.", "ana", "s2");
    await turn("Giulia's sister Sara is getting married in June.", "ana", "s2");
    expect((await turn("Who is Sara?", "ana", "s2")).answer).toBe("Sara is Giulia's sister.");
    expect((await turn("Where is Kenji moving?", "ana", "s2")).answer).toBe(
      'You told me on 1 June 2025: "Kenji is moving to Tokyo in January 2026."',
    );
    // another user's words, a day said relative to another day, a word that is not the question's are no answer
    expect((await turn("What do I need to call?", "ana", "s2")).mode).toBe("context-only");
    expect((await turn("What do I need to call?", "bob", "s2")).answer).toMatch(
      /"I need to call the plumber\."$/u,
    );
    expect((await turn("Where did I go yesterday?", "ana", "s2")).answer).not.toMatch(/You told me/u);
    expect((await turn("What did I get?", "ana", "s2")).mode).toBe("context-only");
    // a fact's own memory (no role, no speaker) is no words of the asker's
    const [episode] = await engine.get({ ids: buy.said ?? [] });
    if (!episode) throw new Error("the quoted memory is gone");
    const asked = "What do I need to buy?";
    expect(await saidAnswer(engine, asked, [episode], { user: "ana" }, "ana")).not.toBeNull();
    const asFact = { ...episode, kind: "fact" as const, role: null, speaker: null };
    expect(await saidAnswer(engine, asked, [asFact], { user: "ana" }, "ana")).toBeNull();
    // the quote said back makes no fact: the assistant's "I" in it is the asker's words
    expect((await engine.facts({ user: "ana" })).map((fact) => fact.text).join(" ")).not.toMatch(
      /assistant/u,
    );
    // a name of no known gender is "they" in the facts: "their parents" said back is "your parents"
    await turn("I'm flying to Bangalore on December 20th to see my parents.", "raj");
    expect((await turn("When am I flying to Bangalore?", "raj", "s2")).answer).toBe(
      "You are flying to Bangalore on 20 December 2025 to see your parents.",
    );
    // what was told in Chinese, asked in English: the catalogue's English sentence, not the Chinese one
    await turn("我老公叫李明，他在腾讯工作。", "fang");
    expect((await turn("Who is 李明?", "fang", "s2")).answer).toBe(
      "李明 is your husband. 李明 works at 腾讯.",
    );
    expect((await turn("What do you know about me?", "fang", "s2")).answer).toContain("李明 works at 腾讯.");
    // in Chinese
    await turn("我要买牛奶和鸡蛋。", "wang");
    expect((await turn("我要买什么？", "wang", "s2")).answer).toBe(
      "你在2025年6月4日说过：“我要买牛奶和鸡蛋。”",
    );
  });

  it("answers in Chinese what one does not eat, and a pet gone by its name alone", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine, { now: () => NOW });
    const say = async (text: string) => (await chat.turn(text, { user: "liu", session: "s1" })).answer;
    const ask = async (text: string) => (await chat.turn(text, { user: "liu", session: "s2" })).answer;
    await say("我们有一只猫，叫花花，今年三岁。");
    await say("我不吃辣。");
    expect(await ask("我吃辣吗？")).toBe("你不吃辣。");
    expect(await ask("我有宠物吗？")).toBe("你有一只宠物：花花。");
    expect(await say("花花上个月去世了。")).toBe("记住了：花花不再是你的宠物。");
    expect(await ask("我有宠物吗？")).toBe("花花不再是你的宠物。");
    // the year one was born (NOW is June 2025)
    expect(await say("我女儿是2019年出生的。")).toBe("记住了：你的女儿出生于2019年。");
    expect(await say("我1990年出生。")).toBe("记住了：你出生于1990年。");
    expect(await ask("我女儿几岁了？")).toBe("你的女儿2019年出生，今年5或6岁。");
  });

  it("says back what the asker and their own do together as theirs: 'your kitchen', not 'their kitchen'", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine, { now: () => NOW });
    const say = async (text: string) => (await chat.turn(text, { user: "ana", session: "s1" })).answer;
    const ask = async (text: string) => (await chat.turn(text, { user: "ana", session: "s2" })).answer;
    await say("My wife and I are renovating our kitchen.");
    await say("We're adopting a puppy because our kids begged for one.");
    expect(await ask("What are we renovating?")).toBe("You and your wife are renovating your kitchen.");
    expect(await ask("Why are we adopting a puppy?")).toBe(
      "You and your family are adopting a puppy because your kids begged for one.",
    );
  });

  it("tells of the asker's family: each kind of relative as 'Who is my brother?' would", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine, { now: () => NOW });
    const say = async (text: string) => (await chat.turn(text, { user: "olivia", session: "s1" })).answer;
    const ask = async (text: string) => (await chat.turn(text, { user: "olivia", session: "s2" })).answer;
    expect(await ask("Tell me about my family.")).toBe("I don't remember you telling me that.");
    await say("I have a brother named Jake who lives in Seattle. He's a firefighter.");
    await say("My parents live in Florida.");
    await say("My friend Zoe is a chef.");
    expect(await say("I'm allergic to cats, so we have a dog instead.")).toBe(
      "Noted: you are allergic to cats. You have a dog.",
    );
    const family = await ask("Tell me about my family.");
    for (const sentence of [
      "Your parents live in Florida.",
      "Jake is your brother.",
      "Jake works as a firefighter.",
    ])
      expect(family).toContain(sentence);
    // (a friend is no family)
    expect(family).not.toContain("Zoe");
  });

  it("counts and names the pets of a list of what was had after one of them died, by its name alone", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const say = async (text: string) => (await chat.turn(text, { user: "sara", session: "s1" })).answer;
    const ask = async (text: string) => (await chat.turn(text, { user: "sara", session: "s2" })).answer;
    expect(await say("We have two dogs, Rex and Bella.")).toBe("Noted: you have two dogs, Rex and Bella.");
    await say("We also have a cat called Luna.");
    expect(await ask("How many dogs do I have?")).toBe("You have two dogs: Rex and Bella.");
    expect(await say("Sadly Rex died last week.")).toBe("Noted: Rex is no longer your pet.");
    expect(await ask("How many dogs do I have?")).toBe("You have one dog: Bella.");
    expect(await ask("What are my dogs called?")).toBe("Your dog is Bella.");
    expect(await ask("How many pets do I have?")).toBe("You have two pets: Bella and Luna.");
    await say("Bella ran away.");
    expect(await ask("How many dogs do I have?")).not.toMatch(/two|Bella/u);
  });

  it("answers a school taught at, the kind of thing played asked for, a verb told in another form", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const say = (text: string) => chat.turn(text, { user: "sarah", session: "s1", speaker: "Sarah" });
    const ask = async (text: string) =>
      (await chat.turn(text, { user: "sarah", session: "s2", speaker: "Sarah" })).answer;
    await say("I'm 41 and I teach math at Lincoln High School.");
    await say("I play the violin and tennis.");
    await say("Last weekend I went hiking in the Rockies with my husband Dave.");
    expect(await ask("Where do I work?")).toBe("You work at Lincoln High School.");
    expect(await ask("What sports do I play?")).toBe("You play tennis.");
    expect(await ask("What instrument do I play?")).toBe("You play the violin.");
    // "go" asked, "went" told; her husband is the asker's, whatever place is named before him
    expect(await ask("Where did I go hiking?")).toMatch(
      /you went hiking in the Rockies with your husband Dave\.$/u,
    );
    expect(await ask("What's my husband's name?")).toBe("Your husband's name is Dave.");
    await say("I'm vegetarian.");
    expect(await ask("Do I eat meat?")).toBe("You are vegetarian.");
    // the assistant's "Your husband's name is Dave." is no husband of the assistant's
    const husbands = await engine.facts({ user: "sarah", predicate: "husband" });
    expect(husbands.map((f) => f.subject)).toEqual(["Sarah"]);
  });

  it("remembers a user who types in lower case about a family, a workplace called by name and a job changed", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const say = async (text: string) => (await chat.turn(text, { user: "marco", session: "s1" })).answer;
    const ask = async (text: string) => (await chat.turn(text, { user: "marco", session: "s2" })).answer;
    await say("hey, i'm marco. i live in milan with my wife giulia and our son luca, he's 7.");
    await say("i work as a chef at a small restaurant called trattoria bella.");
    expect(await say("we have a dog, his name is rocky.")).toContain("Rocky");
    expect(await ask("how old is my son?")).toBe("Your son is 7 years old.");
    expect(await ask("what's my dog's name?")).toBe("Your dog is Rocky.");
    expect(await ask("where do i work?")).toBe("You work at Trattoria Bella.");
    // no job before: the current one is no answer to "before"
    expect(await ask("where did i work before?")).toBe("I don't remember you telling me that.");
    await say("i got a new job at osteria nuova last month.");
    expect(await ask("where do i work now?")).toBe("You work at Osteria Nuova.");
    expect(await ask("where did i work before?")).toBe(
      "Before Osteria Nuova, you worked at Trattoria Bella.",
    );
  });

  it("answers the asker's name from the speaker name the turn came with, when no other was told", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    // a user id is no name
    expect((await chat.turn("What's my name?", { user: "u42", session: "s1" })).answer).toBe(
      "I don't remember you telling me that.",
    );
    const asked = await chat.turn("What's my name?", {
      user: "jess",
      session: "s1",
      speaker: "Jess",
      trace: true,
    });
    expect(asked).toMatchObject({ answer: "Your name is Jess.", mode: "memory", facts: [] });
    expect(asked.trace?.at(-1)).toBe("answered from the speaker name the turn came with");
    expect((await chat.turn("我叫什么名字？", { user: "li", session: "s1", speaker: "李明" })).answer).toBe(
      "你叫李明。",
    );
    // a name told that is another is the answer ("call me Annie")
    await chat.turn("Call me Annie.", { user: "ana", session: "s1", speaker: "Ana" });
    expect((await chat.turn("What's my name?", { user: "ana", session: "s2", speaker: "Ana" })).answer).toBe(
      "Your name is Annie.",
    );
    // the introduction itself keeps no fact that says the name again
    await chat.turn("Hi, I'm Jess.", { user: "jess", session: "s1", speaker: "Jess" });
    expect((await engine.facts({ user: "jess", predicate: "name" })).map((f) => f.text)).toEqual([]);
  });

  it("answers how many siblings an only child has with what they told", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const say = (text: string, user: string) => chat.turn(text, { user, session: "s1" });
    const ask = async (text: string, user: string) => (await chat.turn(text, { user, session: "s2" })).answer;
    expect(await ask("How many siblings do I have?", "ana")).toBe("I don't remember you telling me that.");
    await say("I'm an only child.", "ana");
    await say("我是独生子女。", "wang");
    expect(await ask("How many siblings do I have?", "ana")).toBe("You are an only child.");
    expect(await ask("How many brothers do I have?", "ana")).toBe("You are an only child.");
    expect(await ask("我有几个兄弟姐妹？", "wang")).toBe("你是独生子女。");
    // a sibling named is counted, whatever was said before
    await say("My sister Maria lives in Rome.", "ana");
    expect(await ask("How many siblings do I have?", "ana")).toBe("You have one sibling: Maria.");
  });

  it("answers the jobs one had before, a relative's too, in English and Chinese", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const say = (text: string, user = "ana") => chat.turn(text, { user, session: "s1" });
    const ask = async (text: string, user = "ana") => (await chat.turn(text, { user, session: "s2" })).answer;
    await say("I used to be a nurse, now I'm a doctor.");
    await say("My dad used to be a teacher.");
    expect(await ask("What did I do before?")).toBe("You worked as a nurse, and now work as a doctor.");
    expect(await ask("What was my job before?")).toBe("You worked as a nurse, and now work as a doctor.");
    expect(await ask("What did my dad use to do?")).toBe("Your dad worked as a teacher.");
    await say("我爸爸以前是一名老师。", "wang");
    await say("我以前是护士，现在是医生。", "wang");
    await say("我老婆在银行工作。", "wang");
    expect(await ask("我爸爸以前做什么工作？", "wang")).toBe("你的爸爸以前是老师。");
    expect(await ask("我以前是做什么的？", "wang")).toBe("你以前是护士，现在是医生。");
    // the asker's job, not the wife's work
    expect(await ask("我做什么工作？", "wang")).toBe("你是医生。");
    const history = await engine.facts({ user: "wang", predicate: "job_title", all: true });
    expect(history.map((f) => f.text)).toContain("wang的父亲以前是老师。");
  });

  it("answers where one works in a place as in one, and where before", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    const say = (text: string) => chat.turn(text, { user: "ana", session: "s1" });
    const ask = async (text: string) => (await chat.turn(text, { user: "ana", session: "s2" })).answer;
    await say("I work in Boston.");
    await say("My girlfriend Aiko is a teacher in Osaka.");
    expect(await ask("Where do I work?")).toBe("You work in Boston.");
    expect(await ask("Where does Aiko work?")).toBe("Aiko works in Osaka.");
    await say("I work at Google now.");
    expect(await ask("Where do I work?")).toBe("You work at Google.");
    expect(await ask("Where did I work before?")).toBe("Before Google, you worked in Boston.");
  });

  it("says so and returns the context block when it cannot answer", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    await chat.turn("I adopted a kitten called Miso.", { user: "ana", session: "s1" });
    const result = await chat.turn("Tell me a story about my kitten", {
      user: "ana",
      session: "s1",
      trace: true,
    });
    expect(result.mode).toBe("context-only");
    expect(result.answer).toMatch(
      /^I have no language model to answer that with;.*This is the context I would send:$/u,
    );
    expect(result.context.text).toContain("## Latest turns");
    expect(result.context.text).toContain("ana: I adopted a kitten called Miso.");
    expect(result.remembered.assistant).toBeNull();
    expect(result.trace?.at(-1)).toBe(
      "not a question about a remembered fact, and no language model: the context block is the answer",
    );
  });

  it("reads back a statement of the user's own that told no fact of the catalogue as remembered, not as a failure", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    // a relative's fact is read back as the fact says it
    expect((await chat.turn("My parents live in Ohio.", { user: "bo", session: "s1" })).answer).toBe(
      "Noted: your parents live in Ohio.",
    );
    const told = await chat.turn("I went hiking yesterday.", { user: "ana", session: "s1", trace: true });
    expect(told).toMatchObject({ mode: "context-only", answer: "Noted.", facts: [] });
    expect(told.trace?.at(-1)).toBe("remembered as said: it told no fact of the catalogue");
    expect((await engine.get({ ids: [told.remembered.user] }))[0]?.text).toBe("I went hiking yesterday.");
    expect((await chat.turn("我昨天去爬山了。", { user: "wang", session: "s1" })).answer).toBe("记住了。");
    // not of oneself: a model is needed to say anything
    expect((await chat.turn("Italy is beautiful.", { user: "ana", session: "s1" })).answer).toMatch(
      /^I have no language model/u,
    );
  });

  it("refuses an empty turn and a missing session, writing nothing", async () => {
    const { engine } = openTestEngine({ now: () => NOW });
    const chat = createDialogueApp(engine);
    await expect(chat.turn("  ", { user: "ana", session: "s1" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(chat.turn("hi", { user: "ana" } as never)).rejects.toThrow(/session/u);
    expect((await engine.stats()).memories).toBe(0);
  });
});

describe("dialogue app, with an LLM", () => {
  it("sends the recalled context to the model and remembers its answer", async () => {
    const server = await serveDialogueFixtures();
    const { engine } = openTestEngine({ now: () => NOW });
    const model = createLanguageModel({
      kind: "openai",
      baseUrl: server.baseUrl,
      model: "gpt-4o-mini",
      apiKey: "k",
    });
    const chat = createDialogueApp(engine, { languageModel: model, now: () => NOW });
    await chat.turn("I moved to Lisbon last month", { user: "ana", session: "monday" });
    const result = await chat.turn("Where do I live?", { user: "ana", session: "tuesday" });
    expect(result).toMatchObject({
      mode: "llm",
      answer: "You live in Lisbon — you told me you moved there last month. How are you settling in?",
      llm: { calls: 1, promptTokens: 318, completionTokens: 21 },
    });
    const request = server.answers()[1];
    expect(request?.model).toBe("gpt-4o-mini");
    expect(request?.messages.map((message) => message.role)).toEqual(["system", "user"]);
    expect(request?.messages[0]?.content).toContain("- [2025-06-01] ana lives in Lisbon.");
    expect(request?.messages[0]?.content).toContain("ana: I moved to Lisbon last month");
    expect(request?.messages[0]?.content).toContain("The user is ana. Now: 2025-06-01T09:00:00.000Z.");
    expect(request?.messages[1]).toEqual({ role: "user", content: "Where do I live?" });
    const stored = await engine.store.get("default", [result.remembered.assistant as string]);
    // The recorded reply was the same both times: the write gate reinforced the first one, adding a source.
    expect(stored[0]).toMatchObject({ role: "assistant", text: result.answer, count: 2 });
    expect(stored[0]?.sources.map((source) => source.session)).toEqual(["monday", "tuesday"]);
  });
});
