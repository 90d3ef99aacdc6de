/** Questions about remembered facts, read without an LLM: subject and predicate, English and Chinese. */
import { describe, expect, it } from "vitest";
import { answerSentence, looksLikeQuestion, parseFactQuestion } from "../../../src/apps/dialogue/index.js";

const speaker = { kind: "speaker" } as const;

describe("parseFactQuestion", () => {
  it.each([
    ["Where do I live?", "lives_in"],
    ["where am I living now?", "lives_in"],
    ["Which city do I live in?", "lives_in"],
    ["Where did I move?", "lives_in"],
    ["Where am I from?", "from"],
    ["Where do I work?", "works_at"],
    ["Who do I work for?", "works_at"],
    ["What do I do for a living?", "job_title"],
    ["How old am I?", "age"],
    ["What's my name?", "name"],
    ["What do I like?", "likes"],
    ["What are my hobbies?", "likes"],
    ["What do I hate?", "dislikes"],
    ["What am I planning to do?", "plans"],
    ["Where was I born?", "from"],
    ["Where did I grow up?", "from"],
    ["What languages do I speak?", "speaks"],
    ["What languages am I learning?", "learns"],
    ["Which instrument am I studying?", "learns"],
    ["When is my birthday?", "birthday"],
    ["When is our anniversary?", "anniversary"],
    ["When was I born?", "birthday"],
    ["What do I have?", "has"],
  ])("%s asks the speaker's %s", (question, predicate) => {
    expect(parseFactQuestion(question)).toEqual({ language: "en", subject: speaker, predicate });
  });

  it("reads yes-or-no questions of a liking or an allergy with what they ask of, and 'what do you know about' a person", () => {
    const check = (text: string) => {
      const asked = parseFactQuestion(text);
      return asked ? [asked.predicate, asked.check ?? null, asked.subject] : null;
    };
    expect(check("Do I like spicy food?")).toEqual(["likes", "spicy food", speaker]);
    expect(check("Does Maria love jazz?")).toEqual(["likes", "jazz", { kind: "named", name: "Maria" }]);
    expect(check("Am I allergic to peanuts?")).toEqual(["allergic_to", "peanuts", speaker]);
    expect(check("我喜欢吃辣吗？")).toEqual(["likes", "吃辣", speaker]);
    expect(check("我对花生过敏吗？")).toEqual(["allergic_to", "花生", speaker]);
    // an open question asks for every value
    expect(check("What do I like?")).toEqual(["likes", null, speaker]);
    expect(parseFactQuestion("What do you know about Sarah?")).toEqual({
      language: "en",
      subject: { kind: "named", name: "Sarah" },
      predicate: "who",
    });
    expect(parseFactQuestion("Tell me about Sarah.")?.predicate).toBe("who");
    expect(parseFactQuestion("What do you know about me?")?.predicate).toBe("about");
  });

  it("reads 'how many' of relatives and pets as a count of the predicate that names them, and nothing else", () => {
    const count = (text: string) => {
      const asked = parseFactQuestion(text);
      return asked?.count ? [asked.predicate, asked.word, asked.topic ?? null] : null;
    };
    expect(count("How many kids do I have?")).toEqual(["children", "kids", null]);
    expect(count("how many sisters do we have")).toEqual(["sister", "sisters", null]);
    expect(count("How many cats do I have?")).toEqual(["pet", "cats", "cats"]);
    expect(count("How many pets do I own?")).toEqual(["pet", "pets", null]);
    expect(count("我有几个孩子？")).toEqual(["children", "孩子", null]);
    expect(count("我有多少个兄弟姐妹？")).toEqual(["siblings", "兄弟姐妹", null]);
    expect(count("我养了几只猫？")).toEqual(["pet", "猫", "猫"]);
    // what is no relative or pet is no count of them
    expect(count("How many books do I have?")).toBeNull();
    expect(count("我有几本书？")).toBeNull();
  });

  it("reads 'when' questions with what happened as the topic, after the birthday's", () => {
    expect(parseFactQuestion("When did I go to Rome?")).toEqual({
      language: "en",
      subject: speaker,
      predicate: "when",
      topic: "go to Rome",
    });
    expect(parseFactQuestion("When's my meeting with Sarah?")).toMatchObject({
      predicate: "when",
      topic: "meeting with Sarah",
    });
    expect(parseFactQuestion("When did my sister go to Paris?")).toMatchObject({
      subject: { kind: "relative", relation: "sister" },
      predicate: "when",
    });
    // what a relative or another did in a time
    expect(parseFactQuestion("What did my sister do last week?")).toMatchObject({
      subject: { kind: "relative", relation: "sister" },
      predicate: "during",
      topic: "last week",
    });
    expect(parseFactQuestion("what happened to zoe yesterday?")).toMatchObject({
      subject: { kind: "named", name: "Zoe" },
      predicate: "during",
    });
    expect(parseFactQuestion("What is Kenji doing in January?")).toMatchObject({
      subject: { kind: "named", name: "Kenji" },
      predicate: "during",
      ahead: true,
    });
    // an English question naming someone in Chinese is read as English
    expect(parseFactQuestion("Who is 李明?")).toMatchObject({
      language: "en",
      subject: { kind: "named", name: "李明" },
      predicate: "who",
    });
    expect(parseFactQuestion("Where does 李明 work?")).toMatchObject({
      language: "en",
      predicate: "works_at",
    });
    expect(parseFactQuestion("李明是谁？")).toMatchObject({ language: "zh", predicate: "who" });
    // when what a topic names is, the topic first
    expect(parseFactQuestion("我老婆的预产期是什么时候？")).toMatchObject({
      subject: { kind: "relative", relation: "wife" },
      predicate: "when",
      topic: "预产期",
    });
    expect(parseFactQuestion("我的考试在哪天？")).toMatchObject({ predicate: "when", topic: "考试" });
    expect(parseFactQuestion("我的生日是什么时候？")).toMatchObject({ predicate: "birthday" });
    // what the asker's days hold, whoever does it
    for (const question of [
      "Who is visiting next week?",
      "What's happening this weekend?",
      "Do I have anything on Friday?",
    ])
      expect(parseFactQuestion(question)).toMatchObject({
        subject: speaker,
        predicate: "during",
        ahead: true,
        everyone: true,
      });
    expect(parseFactQuestion("Who came over last weekend?")).toMatchObject({
      predicate: "during",
      everyone: true,
    });
    expect(parseFactQuestion("下周谁要来？")).toMatchObject({
      predicate: "during",
      topic: "下周",
      everyone: true,
    });
    // (not a time: no question of one)
    expect(parseFactQuestion("What's going on with Tom?")).toBeNull();
    // "the …": what the asker told of it
    expect(parseFactQuestion("when is the half marathon?")).toEqual({
      language: "en",
      subject: speaker,
      predicate: "when",
      topic: "half marathon",
    });
    expect(parseFactQuestion("我什么时候去的罗马？")).toEqual({
      language: "zh",
      subject: speaker,
      predicate: "when",
      topic: "去的罗马",
    });
    expect(parseFactQuestion("What did I do last week?")).toEqual({
      language: "en",
      subject: speaker,
      predicate: "during",
      topic: "last week",
    });
    expect(parseFactQuestion("What am I doing on Monday?")).toMatchObject({
      predicate: "during",
      ahead: true,
    });
    expect(parseFactQuestion("我上周做了什么？")).toMatchObject({ predicate: "during", topic: "上周" });
    expect(parseFactQuestion("What do I have?")?.predicate).toBe("has");
    expect(parseFactQuestion("When is my birthday?")?.predicate).toBe("birthday");
    expect(parseFactQuestion("我的生日是什么时候？")?.predicate).toBe("birthday");
  });

  it("reads relatives, names, topics and Chinese", () => {
    expect(parseFactQuestion("What is my sister's name?")).toEqual({
      language: "en",
      subject: speaker,
      predicate: "sister",
      word: "sister",
    });
    expect(parseFactQuestion("who is my mom?")).toMatchObject({ predicate: "mother", word: "mom" });
    expect(parseFactQuestion("Where does my sister live?")).toEqual({
      language: "en",
      subject: { kind: "relative", relation: "sister", word: "sister" },
      predicate: "lives_in",
    });
    expect(parseFactQuestion("Where does Maria work?")).toEqual({
      language: "en",
      subject: { kind: "named", name: "Maria" },
      predicate: "works_at",
    });
    expect(parseFactQuestion("What type of music do I like to listen to?")).toMatchObject({
      predicate: "likes",
      topic: "music",
    });
    // the words between "what" and "do I like" are a topic too, and a question quoted whole asks the same
    expect(parseFactQuestion("What outdoor sports do I enjoy?")).toMatchObject({
      predicate: "likes",
      topic: "outdoor sports",
    });
    expect(parseFactQuestion('"What kind of cuisine do I like?"')).toMatchObject({
      predicate: "likes",
      topic: "cuisine",
    });
    expect(parseFactQuestion("“我喜欢哪些菜系？”")).toMatchObject({ predicate: "likes", topic: "菜系" });
    expect(parseFactQuestion("我住在哪里？")).toEqual({
      language: "zh",
      subject: speaker,
      predicate: "lives_in",
    });
    expect(parseFactQuestion("我在哪家公司上班？")).toMatchObject({ predicate: "works_at" });
    expect(parseFactQuestion("我妹妹叫什么名字？")).toEqual({
      language: "zh",
      subject: speaker,
      predicate: "sister",
      word: "妹妹",
    });
    expect(parseFactQuestion("我喜欢听什么类型的音乐？")).toMatchObject({
      predicate: "likes",
      topic: "音乐",
    });
    // where a plan goes asks for a place; what the plans are does not
    expect(parseFactQuestion("我打算去哪里？")).toMatchObject({ predicate: "plans", wants: "place" });
    expect(parseFactQuestion("我打算做什么？")).toEqual({
      language: "zh",
      subject: speaker,
      predicate: "plans",
    });
  });

  it("reads a favourite asked for as a liking of its topic, said as a favourite", () => {
    expect(parseFactQuestion("What's my favorite color?")).toEqual({
      language: "en",
      subject: speaker,
      predicate: "likes",
      topic: "color",
      favourite: true,
    });
    expect(parseFactQuestion("What are Maria's favourite books?")).toMatchObject({
      subject: { kind: "named", name: "Maria" },
      topic: "books",
      favourite: true,
    });
    expect(parseFactQuestion("我最喜欢的颜色是什么？")).toEqual({
      language: "zh",
      subject: speaker,
      predicate: "likes",
      topic: "颜色",
      favourite: true,
    });
    const favourite = { language: "en", subject: speaker, predicate: "likes", favourite: true } as const;
    expect(answerSentence({ ...favourite, topic: "color" }, ["blue"])).toBe("Your favorite color is blue.");
    expect(answerSentence({ ...favourite, topic: "books" }, ["Dune", "Emma"])).toBe(
      "Your favorite books are Dune and Emma.",
    );
  });

  it("reads a question for the values before the current one", () => {
    for (const [question, predicate] of [
      ["Where did I live before?", "lives_in"],
      ["Where did I use to work?", "works_at"],
      ["我以前住在哪里？", "lives_in"],
      ["我之前在哪里工作？", "works_at"],
    ] as const)
      expect(parseFactQuestion(question)).toMatchObject({ predicate, before: true });
    expect(parseFactQuestion("Where did I live?")).not.toHaveProperty("before");
    // before a value named (a clause after "before" names none)
    expect(parseFactQuestion("Where did I work before moving to Google?")).toMatchObject({
      predicate: "works_at",
      before: true,
      beforeValue: "Google",
    });
    expect(parseFactQuestion("Where did I live before I moved here?")).not.toHaveProperty("beforeValue");
  });

  it("leaves other turns alone", () => {
    expect(parseFactQuestion("Where do you live?")).toBeNull();
    expect(parseFactQuestion("Tell me a joke")).toBeNull();
    expect(parseFactQuestion("I moved to Lisbon last month")).toBeNull();
    expect(parseFactQuestion("今天天气怎么样？")).toBeNull();
    expect(looksLikeQuestion("Tell me a joke")).toBe(false);
    expect(looksLikeQuestion("can you help")).toBe(true);
    expect(looksLikeQuestion("今天天气怎么样？")).toBe(true);
  });
});

describe("answerSentence", () => {
  it("answers in the second person, in the question's language", () => {
    expect(answerSentence({ language: "en", subject: speaker, predicate: "lives_in" }, ["Lisbon"])).toBe(
      "You live in Lisbon.",
    );
    expect(
      answerSentence(
        {
          language: "en",
          subject: { kind: "relative", relation: "sister", word: "sister" },
          predicate: "works_at",
        },
        ["Siemens"],
      ),
    ).toBe("Your sister works at Siemens.");
    expect(
      answerSentence({ language: "en", subject: speaker, predicate: "likes" }, ["jazz", "tea", "hiking"]),
    ).toBe("You like jazz, tea and hiking.");
    expect(answerSentence({ language: "zh", subject: speaker, predicate: "lives_in" }, ["北京"])).toBe(
      "你住在北京。",
    );
    expect(
      answerSentence({ language: "zh", subject: speaker, predicate: "sister", word: "妹妹" }, ["小红"]),
    ).toBe("你的妹妹叫小红。");
  });
});
