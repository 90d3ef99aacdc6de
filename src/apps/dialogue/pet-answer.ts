/**
 * "What are my pets' names?", "what's my dog called?": the pets told of by name, and their kinds as the words that
 * named them say.
 */
import type { Engine, FactView } from "../../core/index.js";
import { CHINESE_PET_WORDS, PET_WORDS } from "../../text/facts/index.js";
import { answerSentence, MAX_VALUES } from "./answer-sentence.js";
import type { FactQuestion } from "./fact-question.js";
import { type AnswerScope, type MemoryAnswer, sameName, unlessAbsent } from "./fact-reading.js";

/**
 * The speaker's pets by name: a pet said on its own is a fact ("Miso is Ana's pet"); one named in what the speaker has
 * ("two cats, Miso and Tofu") is a relation of that fact, so the graph's pet relations from the speaker are read too,
 * with the facts of the episodes they came from as the answer's evidence.
 */
export async function petsAnswer(
  engine: Engine,
  question: FactQuestion,
  scope: AnswerScope,
  speaker: string,
): Promise<MemoryAnswer | null> {
  const found = await petNames(engine, question, scope, speaker);
  if (!found || found.names.length === 0) return null;
  const { names, evidence, told, kind } = found;
  if (kind) return { text: answerSentence(question, names.slice(0, MAX_VALUES * 2)), facts: evidence };
  return { text: petSentences(question, names.slice(0, MAX_VALUES * 2), told), facts: evidence };
}

/**
 * The speaker's pets by name, in the order they were told (of the question's kind when it names one: a pet whose
 * kind no fact tells is kept), with the facts they rest on, the words that told them and the pets gone; null when
 * none is known, had or gone.
 */
export async function petNames(
  engine: Engine,
  question: FactQuestion,
  scope: AnswerScope,
  speaker: string,
): Promise<{
  names: string[];
  evidence: FactView[];
  told: string[];
  kind: string | null;
  /** Pets no longer had, by name, with when they stopped being (a count of "two dogs, Rex and Bella" leaves Rex). */
  gone: { name: string; at: number }[];
} | null> {
  const read = await unlessAbsent(async () => {
    const ever = await engine.facts({ ...scope, subject: speaker, predicate: "pet", all: true });
    const pets = ever.filter((fact) => fact.current);
    // a pet that died or ran away is had no more, though a thing had once named it ("a cat named Luna")
    const gone = ever.filter(
      (fact) => !fact.current && !pets.some((pet) => sameName(pet.object, fact.object)),
    );
    const had = await engine.facts({ ...scope, subject: speaker, predicate: "has" });
    const graph = await engine.graph.neighbours(scope, speaker, 1);
    const relations = graph.relations
      .filter((r) => r.relationType === "pet" && r.validTo === null && r.retiredAt === null)
      .filter((r) => sameName(r.from, speaker))
      .map((r) => ({ to: r.to, sources: r.sourceMemoryIds, at: Date.parse(r.validFrom ?? r.recordedAt) }));
    return {
      pets,
      had,
      relations: relations.filter((r) => !gone.some((fact) => sameName(fact.object, r.to))),
      gone: gone.map((fact) => ({ name: fact.object, at: Date.parse(fact.validTo ?? fact.recordedAt) })),
    };
  });
  // no facts kept, or no entity of the speaker yet
  if (!read) return null;
  const { pets, had, relations, gone } = read;
  const holding = had.filter((fact) =>
    relations.some((r) => r.sources.some((id) => fact.sources.includes(id))),
  );
  // in the order they were told
  const names: string[] = [];
  for (const { name } of [
    ...pets.map((fact) => ({ name: fact.object, at: Date.parse(fact.validFrom ?? fact.recordedAt) })),
    ...relations.map((r) => ({ name: r.to, at: r.at })),
  ].sort((a, b) => a.at - b.at))
    if (!names.some((n) => sameName(n, name))) names.push(name);
  if (names.length === 0 && gone.length === 0) return null;
  // "what's my dog's name?": a pet whose kind a fact tells is kept only when it is of that kind
  const kind = question.topic ? petKindOf(question.topic) : null;
  const evidence = [...pets, ...holding];
  // a pet's kind is in the words that named it: the facts, and the episodes they and the relations came from
  const told = await toldTexts(engine, scope, evidence, relations);
  const asked = kind ? names.filter((name) => [null, kind].includes(kindTold(name, told))) : names;
  return asked.length === 0 && gone.length === 0 ? null : { names: asked, evidence, told, kind, gone };
}

/** A kind of pet in Chinese, for the answer's 的狗叫…. */
const CHINESE_PET_KINDS: Readonly<Record<string, string>> = { dog: "狗", cat: "猫" };

/**
 * Pets by the kind their words told: "Your dog is Bella. Your cat is Luna.", 你的狗叫豆豆。; a pet whose kind was
 * not told is a pet ("Your pet is Rex.").
 */
export function petSentences(
  question: FactQuestion,
  names: readonly string[],
  told: readonly string[],
): string {
  const zh = question.language === "zh";
  const byKind = new Map<string, string[]>();
  for (const name of names) {
    const found = kindTold(name, told);
    const kind = found === null ? (zh ? "宠物" : "pet") : zh ? (CHINESE_PET_KINDS[found] ?? "宠物") : found;
    byKind.set(kind, [...(byKind.get(kind) ?? []), name]);
  }
  return [...byKind]
    .map(([kind, named]) => answerSentence({ ...question, predicate: "pet", topic: kind }, named))
    .join(zh ? "" : " ");
}

/** What is had that is a pet: "two cats and a dog", 两只猫. */
export const PET_THINGS = new RegExp(`\\b(?:${PET_WORDS}|pets?)\\b|${CHINESE_PET_WORDS}`, "iu");

/** Words for a kind of pet, by the kind's name (a puppy is a dog, 猫咪 a cat). */
const PET_KINDS: Readonly<Record<string, RegExp>> = {
  dog: /\b(?:dogs?|pupp(?:y|ies)|pups?|doggies?)\b|狗/giu,
  cat: /\b(?:cats?|kittens?|kitty|kitties)\b|猫/giu,
};

/** The kind a pet word names: dog, cat, or the word itself in the singular. */
export function petKindOf(word: string): string {
  for (const [kind, words] of Object.entries(PET_KINDS)) if (lastAt(word, words) >= 0) return kind;
  return word.replace(/s$/u, "");
}

/**
 * The kind of pet a fact's sentence names last before the pet's name ("two cats, Miso and Tofu"; "a dog named Rex and
 * a cat named Luna"); null when none does.
 */
export function kindTold(name: string, texts: readonly string[]): string | null {
  for (const text of texts) {
    const at = text.indexOf(name);
    if (at < 0) continue;
    const before = text.slice(Math.max(0, at - 40), at);
    const last = Object.entries(PET_KINDS)
      .map(([kind, words]) => ({ kind, at: lastAt(before, words) }))
      .filter((found) => found.at >= 0)
      .sort((a, b) => b.at - a.at)[0];
    if (last) return last.kind;
    // 一只叫咪咪的猫: Chinese names the kind after
    const after = text.slice(at + name.length, at + name.length + 4).match(/^的(?:小)?(?<kind>[猫狗])/u)
      ?.groups?.kind;
    if (after) return after === "猫" ? "cat" : "dog";
  }
  return null;
}

/** At most this many episodes are read for the kinds of a speaker's pets. */
const MAX_PET_EPISODES = 50;

/** The facts' sentences and the texts of the episodes they and the pet relations came from. */
export async function toldTexts(
  engine: Engine,
  scope: AnswerScope,
  facts: readonly FactView[],
  relations: readonly { sources: string[] }[],
): Promise<string[]> {
  const ids = [...new Set([...facts.flatMap((f) => f.sources), ...relations.flatMap((r) => r.sources)])];
  const episodes = await engine.get({ ids: ids.slice(0, MAX_PET_EPISODES), tenant: scope.tenant });
  return [...facts.map((f) => f.text), ...episodes.map((e) => e.text)];
}

/** Where the last match of a global pattern starts in a text, −1 when none. */
function lastAt(text: string, words: RegExp): number {
  let at = -1;
  for (const match of text.matchAll(words)) at = match.index ?? at;
  return at;
}
