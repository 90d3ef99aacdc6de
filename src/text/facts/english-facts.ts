/**
 * Rule-based English fact extraction: sentences from wink-nlp, then patterns over each sentence for what people say
 * about themselves and others (name, home, work, study, family, likes, plans, dated events, possessions); people,
 * places and organisations named in the turn from compromise.
 */
import { createRequire } from "node:module";
import type WinkNlp from "wink-nlp";
import { findEnglishDate } from "./extract-dates.js";
import { RELATIVE_SYNONYMS, RELATIVE_WORDS } from "./predicates.js";
import type { EntityType, ExtractedFact, ExtractedMention, SubjectReference } from "./types.js";

const require = createRequire(import.meta.url);
type Nlp = ReturnType<typeof WinkNlp>;
let nlp: Nlp | undefined;
type Compromise = typeof import("compromise").default;
let compromise: Compromise | undefined;

// wink-nlp, its model and compromise are CommonJS and take a few hundred ms to load: load them on first use.
function sentencesOf(text: string): string[] {
  if (nlp === undefined) {
    const winkNlp = require("wink-nlp") as typeof WinkNlp;
    nlp = winkNlp(require("wink-eng-lite-web-model"));
  }
  return nlp.readDoc(text).sentences().out();
}

function getCompromise(): Compromise {
  if (compromise === undefined) compromise = require("compromise") as Compromise;
  return compromise;
}

/**
 * A compromise document tagged by every step but the last, `chunks` (noun and verb phrases, about a tenth of the
 * work): people, places and organisations are found by their tags alone, which chunking never changes.
 */
function taggedDocument(text: string): ReturnType<Compromise> {
  const nlp = getCompromise();
  const world = nlp.world() as { hooks: string[] };
  const hooks = world.hooks;
  world.hooks = hooks.filter((hook) => hook !== "chunks");
  try {
    return nlp(text);
  } finally {
    world.hooks = hooks;
  }
}

const RELATIVE_WORD_LIST = [...Object.keys(RELATIVE_SYNONYMS), ...Object.keys(RELATIVE_WORDS)]
  .sort((a, b) => b.length - a.length)
  .join("|");
const NAME = String.raw`[A-Z][\p{Ll}'’-]+(?: [A-Z][\p{Ll}'’-]+)?`;
/** A proper noun phrase: "Berlin", "New York", "University of Lisbon", "Google". */
const PROPER = String.raw`(?:the )?[A-Z][\p{L}\d'’&.-]*(?:,? (?:(?:of|de|del|da|la|le|van|von|am|on|upon|&|and) )?[A-Z][\p{L}\d'’&.-]+){0,4}`;
/** A short phrase, up to a clause break. */
const PHRASE = `[^,.;!?()]+?`;
const CLAUSE_END = String.raw`(?=\s+(?:and|but|because|since|so|which|who|when|while|although|though|if|as|with whom)\b|\s*[,.;!?()]|\s*$)`;
/** Where a proper-noun object ends: at the next non-capitalised word or punctuation. */
const PROPER_END = String.raw`(?=[\s,.;!?)]|$)`;
const SUBJECT = `(?<subject>I|We|we|[Mm]y name(?= is)|[Mm]y (?<relation>${RELATIVE_WORD_LIST})(?:,? (?<relativeName>${NAME}),?)?|(?<name>${NAME}))`;

/** Capitalised words that open sentences but are not names. */
const NOT_NAMES = new Set(
  "I My She He They We You It This That There Here Yesterday Today Tomorrow Then Now Also And But So Yes No Oh Wow Hey Hi Hello Well Thanks Thank Sure Maybe Last Next What Why How When Where Who Which Our Your Their His Her Its Everyone Someone Nobody Everybody Just Really Honestly Actually Anyway Plus Lately Recently Definitely Absolutely Great Nice Cool Awesome Sounds Haha Lol Ok Okay Totally Glad Sorry Congrats Congratulations Good Love Let Did Do Does Is Are Was Were Have Has Had Can Could Would Should Will Not Some Any Every One Two Three Mine Me".split(
    " ",
  ),
);

const TRAILING_FILLER =
  /\s+(?:now|too|as well|a lot|so much|very much|lately|these days|anymore|again|already|recently|right now|at the moment|for now|together)$/i;
const PRONOUN_OBJECT =
  /^(?:it|that|this|them|you|him|her|me|us|those|these|what|how|doing it|the idea|to|a lot|so|one)\b/i;

interface Rule {
  predicate: string;
  pattern: RegExp;
  /** How to read the object out of the match. */
  object?: (groups: Record<string, string | undefined>) => string | undefined;
  objectType?: EntityType | null;
  /** For a third-person subject the verb differs; rules list both forms. */
  firstPersonOnly?: boolean;
}

/** Adverbs between subject and verb that change nothing: "I just moved", "she recently started working". */
const ADVERBS = String.raw`(?:(?:just|recently|finally|also|now|currently|still|really|actually|already|officially)\s+)*`;

const rule = (predicate: string, tail: string, options: Partial<Rule> = {}): Rule => ({
  predicate,
  pattern: new RegExp(String.raw`(?:^|[\s"'“(])${SUBJECT}\s+${ADVERBS}${tail}`, "u"),
  ...options,
});

const OCCUPATIONS =
  "teacher|engineer|nurse|doctor|designer|developer|programmer|lawyer|accountant|chef|cook|artist|painter|writer|author|journalist|student|scientist|researcher|professor|manager|consultant|architect|pharmacist|dentist|therapist|counselor|counsellor|musician|singer|photographer|firefighter|police officer|pilot|mechanic|electrician|plumber|carpenter|farmer|baker|barista|waiter|waitress|librarian|translator|analyst|entrepreneur|veterinarian|vet|social worker|psychologist|surgeon|data scientist|software engineer|product manager|graphic designer|web developer|civil engineer";

const RULES: Rule[] = [
  rule("name", String.raw`(?:is|am called|go by) (?<object>${NAME})\b`, {
    firstPersonOnly: true,
    object: (g) => g.object,
  }),
  rule(
    "lives_in",
    `(?:(?:now |currently |still )?(?:live|lives|am living|is living|have lived|has lived|have been living|has been living|am based|is based|am staying|is staying|reside|resides)(?: here)? in|(?:just |recently |finally )?(?:moved|have moved|has moved|relocated|have relocated|has relocated|moved back|have moved back|has moved back)(?: back)? to) (?<object>${PROPER})${PROPER_END}`,
    { objectType: "place" },
  ),
  rule("from", `(?:am|is|are) (?:originally )?from (?<object>${PROPER})${PROPER_END}`, {
    objectType: "place",
  }),
  rule(
    "works_at",
    `(?:(?:now |currently |still )?(?:work|works|am working|is working|have been working|has been working|started working|start working|got a (?:new )?job|landed a job|took a job|have a (?:new )?job|has a (?:new )?job)(?: as an? [a-z ]+?)? (?:at|for|with)|(?:joined|have joined|has joined|am employed by|is employed by)) (?<object>${PROPER})${PROPER_END}`,
    { objectType: "organization" },
  ),
  rule(
    "job_title",
    `(?:(?:now )?(?:work|works|am working|is working) as|(?:just )?(?:became|have become|has become|got promoted to|was promoted to)) (?:an? )?(?<object>[a-z][a-z -]{2,40}?)${CLAUSE_END}`,
    { object: (g) => g.object },
  ),
  rule("job_title", String.raw`(?:am|is) (?:now )?(?:an? )(?<object>${OCCUPATIONS})\b`),
  rule(
    "studies_at",
    `(?:(?:study|studies|am studying|is studying|am enrolled|is enrolled)(?: [a-z ]+?)? (?:at|in)|(?:attend|attends|go to|goes to|graduated from|have graduated from|has graduated from)) (?<object>${PROPER})${PROPER_END}`,
    { objectType: "organization" },
  ),
  rule("married_to", String.raw`(?:am|is|got|have been|has been) married to (?<object>${NAME})\b`, {
    objectType: "person",
  }),
  rule("married_to", String.raw`(?:married) (?<object>${NAME})\b`, { objectType: "person" }),
  rule(
    "age",
    String.raw`(?:am|is|just turned|turned) (?<object>\d{1,3})(?: years? old)?(?=\s*[,.;!?]|\s*$| years)`,
  ),
  rule(
    "likes",
    `(?:really |also |absolutely |totally |just )?(?:like|likes|love|loves|enjoy|enjoys|adore|adores|am (?:a (?:big |huge )?fan of|into|passionate about|obsessed with)|is (?:a (?:big |huge )?fan of|into|passionate about|obsessed with)) (?<object>${PHRASE})${CLAUSE_END}`,
  ),
  rule(
    "dislikes",
    `(?:really )?(?:hate|hates|dislike|dislikes|can't stand|cannot stand|can’t stand|don't like|do not like|doesn't like|does not like|don’t like|doesn’t like) (?<object>${PHRASE})${CLAUSE_END}`,
  ),
  rule(
    "plans",
    `(?:am|is) (?:planning|going|hoping|about|trying|aiming) to (?<object>${PHRASE})${CLAUSE_END}`,
  ),
  rule("plans", `(?:plan|plans|intend|intends|hope|hopes|want|wants) to (?<object>${PHRASE})${CLAUSE_END}`),
  rule(
    "has",
    String.raw`(?:have|has|own|owns|have got|has got|adopted|have adopted|has adopted|bought|have bought|has bought) (?<object>(?:an?|two|three|four|five|\d+|my own|a new|a little|a pet) ${PHRASE})${CLAUSE_END}`,
  ),
];

/** Past-tense verbs that make a dated sentence an event. */
const EVENT_VERB =
  /^(?:went|ran|saw|met|had|got|took|made|did|gave|came|began|started|finished|won|lost|bought|read|wrote|visited|attended|joined|moved|graduated|travel(?:l)?ed|celebrated|adopted|painted|signed|received|completed|organized|organised|hosted|volunteered|tried|learned|learnt|passed|returned|left|quit|married|decided|found|watched|played|baked|cooked|hiked|camped|flew|drove|spent|bought)\b/;
const EVENT = /(?:^|[\s"'“(])I\s+(?:just\s+|finally\s+|recently\s+|also\s+)?(?<clause>[a-z][^.;!?]*)/u;

function expandContractions(sentence: string): string {
  return sentence
    .replaceAll("’", "'")
    .replace(/\bI'm\b/g, "I am")
    .replace(/\bI've\b/g, "I have")
    .replace(/\bI'll\b/g, "I will")
    .replace(/\bI'd\b/g, "I would")
    .replace(/\b(she|he|it)'s\b/gi, "$1 is");
}

/** Whether a date belongs to the clause of a match: inside it, or right after it with no clause break between. */
function dateIsNear(sentence: string, start: number, end: number, dateText: string): boolean {
  const index = sentence.indexOf(dateText.trim(), Math.max(0, start - 40));
  if (index < 0) return false;
  if (index >= start && index < end) return true;
  const between = index >= end ? sentence.slice(end, index) : sentence.slice(index + dateText.length, start);
  return between.length <= 40 && !/[,;]|\b(?:and|but|because)\b/.test(between);
}

function cleanObject(object: string, dateText: string | null): string {
  let result = object.trim();
  // chrono's date text may carry the punctuation after it ("last weekend,") where the object was cut before it
  const date = dateText?.replace(/[\s.,;:!?]+$/u, "");
  if (date) result = result.replace(date, "").replace(/\s+/gu, " ").trim();
  for (let i = 0; i < 3; i++) result = result.replace(TRAILING_FILLER, "").trim();
  result = result.replace(/^(?:the )(?=[A-Z])/, "");
  result = result.replace(/[\s.,;:!?]+$/, "");
  result = result.replace(/\s+(?:in|on|at|from|of|to|for|last|next|this)$/i, "").trim();
  return result.replace(/[\s,]+$/, "");
}

function subjectOf(groups: Record<string, string | undefined>): SubjectReference | null {
  // "we" includes the speaker: "we adopted two kittens" says the speaker has them.
  const word = groups.subject?.toLowerCase();
  if (word === "i" || word === "we" || word === "my name") return { kind: "speaker" };
  if (groups.relation) {
    const relation = RELATIVE_SYNONYMS[groups.relation.toLowerCase()] ?? groups.relation.toLowerCase();
    return groups.relativeName
      ? { kind: "named", name: groups.relativeName }
      : { kind: "relative", relation };
  }
  if (groups.name && !NOT_NAMES.has(groups.name.split(" ")[0] ?? ""))
    return { kind: "named", name: groups.name };
  return null;
}

const FAMILY_NAMED = new RegExp(
  String.raw`[Mm]y (?<relation>${RELATIVE_WORD_LIST})(?:'s name is|,? who is called|,? (?:is )?(?:called|named)|,)? (?<name>${NAME})\b`,
  "u",
);
const FAMILY_IS = new RegExp(String.raw`(?<name>${NAME}) is my (?<relation>${RELATIVE_WORD_LIST})\b`, "u");

/** Facts in one English turn said by its speaker at `at` (ms). */
export function extractEnglishFacts(text: string, at: number): ExtractedFact[] {
  const facts: ExtractedFact[] = [];
  const seen = new Set<string>();
  const push = (fact: ExtractedFact) => {
    const key = JSON.stringify([fact.subject, fact.predicate, fact.object.toLowerCase()]);
    if (seen.has(key) || fact.object.length === 0) return;
    seen.add(key);
    facts.push(fact);
  };
  for (const raw of sentencesOf(text)) {
    const sentence = expandContractions(raw);
    if (sentence.trim().endsWith("?")) continue;
    const date = findEnglishDate(sentence, at);
    const factsBefore = facts.length;
    for (const match of [sentence.match(FAMILY_NAMED), sentence.match(FAMILY_IS)]) {
      const groups = match?.groups;
      if (!groups?.relation || !groups.name || NOT_NAMES.has(groups.name.split(" ")[0] ?? "")) continue;
      const relation = RELATIVE_SYNONYMS[groups.relation.toLowerCase()] ?? groups.relation.toLowerCase();
      push({
        subject: { kind: "speaker" },
        predicate: relation,
        object: groups.name,
        objectType: "person",
        at: null,
        language: "en",
      });
    }
    for (const { predicate, pattern, objectType, firstPersonOnly } of RULES) {
      const match = sentence.match(pattern);
      const groups = match?.groups;
      if (!match || !groups?.object) continue;
      const subject = subjectOf(groups);
      if (!subject || (firstPersonOnly && subject.kind !== "speaker")) continue;
      if (/\b(?:not|never|don't|doesn't|no longer)\s*$/.test(sentence.slice(0, match.index ?? 0))) continue;
      const object = cleanObject(groups.object, date?.text ?? null);
      if (object.length === 0 || PRONOUN_OBJECT.test(object) || object.split(" ").length > 8) continue;
      if (objectType && NOT_NAMES.has(object.split(" ")[0] ?? "")) continue;
      const near =
        date && dateIsNear(sentence, match.index ?? 0, (match.index ?? 0) + match[0].length, date.text);
      push({
        subject,
        predicate,
        object,
        objectType: objectType ?? null,
        at: near ? date.at : null,
        language: "en",
      });
    }
    // A dated sentence that said nothing the rules know is an event; otherwise the event would repeat a fact.
    if (date && facts.length === factsBefore) {
      const clause = sentence.match(EVENT)?.groups?.clause?.split(/,|\s+(?:and|but|because|so)\s+/)[0];
      if (clause && EVENT_VERB.test(clause)) {
        const object = cleanObject(clause.replace(date.text.trim(), " ").replace(/\s+/g, " "), null);
        if (object.split(" ").length >= 2 && object.split(" ").length <= 16) {
          push({
            subject: { kind: "speaker" },
            predicate: "event",
            object,
            objectType: null,
            at: date.at,
            language: "en",
          });
        }
      }
    }
  }
  return facts;
}

const RELATIVE_PREFIX = new RegExp(String.raw`^(?:${RELATIVE_WORD_LIST})\s+`, "i");
const TRAILING_PUNCTUATION = /[\s.,;:!?'"”’)]+$/u;

/** People, places and organisations an English turn names (compromise). */
export function extractEnglishMentions(text: string): ExtractedMention[] {
  const doc = taggedDocument(text);
  const found = new Map<string, ExtractedMention>();
  const add = (names: string[], entityType: EntityType) => {
    for (const raw of names) {
      const name = raw
        .replace(TRAILING_PUNCTUATION, "")
        .replace(/^(?:the|my|our|his|her)\s+/i, "")
        .replace(RELATIVE_PREFIX, "")
        .replace(/'s$/, "")
        .trim();
      if (name.length < 2 || !/^[A-Z]/.test(name) || NOT_NAMES.has(name)) continue;
      if (!found.has(name.toLowerCase())) found.set(name.toLowerCase(), { name, entityType });
    }
  };
  add(doc.people().out("array") as string[], "person");
  add(doc.places().out("array") as string[], "place");
  add(doc.organizations().out("array") as string[], "organization");
  return [...found.values()];
}
