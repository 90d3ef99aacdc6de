/**
 * Semantic memory from episodes: extract facts and entities from what was said (rules, or one LLM call per session
 * of the batch, the rules standing in for a reply that is refused), resolve entities within the scope, pass each fact
 * through the gate (fact-gate.ts) and mirror the facts whose object is an entity as relations. Everything lands in
 * the episodes' own store transaction.
 */
import type { EntityRecord } from "../../spec/graph.js";
import type { LanguageModel } from "../../spec/language-model.js";
import { DEFAULT_TENANT } from "../../spec/memory.js";
import type { WriteBatch } from "../../spec/store.js";
import {
  CORRECTS,
  ENDED,
  type ExtractedFact,
  type ExtractedMention,
  type Extraction,
  extractFacts,
  factSentence,
  formerSentence,
  isChineseShortFormOf,
  isSingleValued,
  RELATIVE_WORDS,
  type Speakers,
} from "../../text/facts/index.js";
import { hasHan, normalizeText } from "../../text/index.js";
import type { EngineRuntime } from "../engine-runtime.js";
import type { RememberItem } from "../schemas.js";
import type { WriteOutcome } from "../write-path.js";
import { isShortFormOf, normalizeName } from "./entity-resolver.js";
import {
  type CandidateFact,
  correctFact,
  createKnowledgeRun,
  type EpisodeSource,
  endDenied,
  endEveryValue,
  endFact,
  endValue,
  formerFact,
  gateFact,
  type KnowledgeReport,
  type KnowledgeRun,
  readStatementFacts,
  relationFor,
  type ScopeState,
  scopeStateOf,
  TEXT_KEYED,
} from "./fact-gate.js";
import { finishKnowledgeRun } from "./finish-knowledge-run.js";
import { extractSessionsWithLanguageModel } from "./llm-extraction.js";
import { correctValue, moveCorrectedName } from "./name-correction.js";

export type { KnowledgeReport } from "./fact-gate.js";

/** Extractions for a batch, made before anything is written (so a refused LLM reply writes nothing). */
export interface ExtractionPlan {
  /** One per item; null for items that derive nothing (kinds other than episode). */
  extractions: (Extraction | null)[];
  usage: KnowledgeReport["llm"] | null;
}

/** Below this confidence a name the parser found makes no entity of its own (a capitalised common noun). */
const MIN_ENTITY_CONFIDENCE = 0.5;

/** Predicates whose date in the text is when they became true (moved last month); others hold from the telling. */
const DATED_PREDICATES = new Set([
  "lives_in",
  "works_at",
  "job_title",
  "studies_at",
  "married_to",
  "event",
  "visited",
  "member_of",
]);

/** Which items derive facts: conversation turns and events, not derived memories or document segments. */
export function derives(item: RememberItem): boolean {
  return item.kind === "episode";
}

/** The name facts about a speaker use: who said it, else the user, else the role. */
function speakerName(item: RememberItem): string {
  return item.speaker ?? (item.role === undefined || item.role === "user" ? item.user : item.role) ?? "user";
}

/**
 * Who an item's speaker and addressee are: the addressee is the nearest other named speaker of the same session in
 * the batch (a two-person conversation). An assistant's turns speak for nobody the facts are about.
 */
export function speakersOf(
  items: readonly RememberItem[],
  index: number,
  people?: readonly (readonly string[])[],
): Speakers {
  const item = items[index] as RememberItem;
  const speaker = item.role === "assistant" && item.speaker === undefined ? null : speakerName(item);
  const other = (j: number) => {
    const candidate = items[j];
    return candidate?.speaker !== undefined &&
      candidate.speaker !== item.speaker &&
      candidate.session === item.session &&
      candidate.user === item.user
      ? candidate.speaker
      : null;
  };
  let addressee: string | null = null;
  for (let distance = 1; distance <= 3 && addressee === null; distance++)
    addressee = other(index - distance) ?? other(index + distance);
  const known = people?.[index];
  return {
    speaker,
    addressee,
    ...(known && known.length > 0 ? { people: known } : {}),
    ...(item.role === "assistant" ? { assistant: true } : {}),
  };
}

/** At most this many of the people a scope knows go with one turn to its extraction. */
const MAX_KNOWN_PEOPLE = 20;

/**
 * For each item, the people its scope's graph already knows that its text names, lower case: "Tiago", told last week
 * as the speaker's son, is a person in "Tiago is 7" though the lexicon knows no such name. One entity read per scope
 * of the batch; empty for items that derive nothing and when the store keeps no graph.
 */
export async function knownPeopleOf(
  runtime: EngineRuntime,
  items: readonly RememberItem[],
): Promise<string[][]> {
  const graph = runtime.store.graph;
  if (!graph || !items.some(derives)) return items.map(() => []);
  const byScope = new Map<string, Promise<string[]>>();
  const namesOf = (item: RememberItem) => {
    const scope = {
      tenant: item.tenant ?? DEFAULT_TENANT,
      user: item.user ?? null,
      agent: item.agent ?? null,
    };
    const key = JSON.stringify(scope);
    let names = byScope.get(key);
    if (!names) {
      names = graph.entities(scope).then((entities) =>
        entities
          .filter((entity) => entity.entityType === "person")
          .flatMap((entity) => [entity.name, ...entity.aliases])
          // a name (capitalised, or in a script with no case: 朵朵), not a way of saying who ("my sister")
          .filter((name) => /^[\p{Lu}\p{Lo}]/u.test(name))
          .map((name) => name.toLowerCase()),
      );
      byScope.set(key, names);
    }
    return names;
  };
  return Promise.all(
    items.map(async (item) => {
      if (!derives(item)) return [];
      const text = item.text.toLowerCase();
      // a one-word name is looked up among the text's words: a scope of many people costs a look-up each
      const words = new Set(text.split(/[^\p{L}\p{N}]+/u));
      const names = await namesOf(item);
      const named = names.filter((name) => (ONE_WORD.test(name) ? words.has(name) : namedIn(text, name)));
      return [...new Set(named)].slice(0, MAX_KNOWN_PEOPLE);
    }),
  );
}

/** A name of one word in a script that writes spaces between words ("tiago"; not "mary ann", "o'brien" nor 朵朵). */
const ONE_WORD = /^(?!.*\p{Script=Han})[\p{L}\p{N}]+$/u;

/**
 * Whether a lower-case text holds a name as whole words ("mary ann" in "mary ann is 7", not in "rosemary ann"); a
 * Chinese name anywhere (Chinese writes no spaces: 朵朵下个月…).
 */
function namedIn(text: string, name: string): boolean {
  if (hasHan(name)) return text.includes(name);
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const before = text[at - 1] ?? " ";
    const after = text[at + name.length] ?? " ";
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
  }
  return false;
}

/** Extract facts and mentions from every episode of the batch: with the language model when there is one. */
export async function planKnowledge(
  runtime: EngineRuntime,
  items: RememberItem[],
  languageModel: LanguageModel | undefined,
): Promise<ExtractionPlan> {
  const now = runtime.now();
  // (read for the rules only: with a language model, when a reply is refused)
  let people: string[][] = [];
  const byRules = (index: number): Extraction => {
    const item = items[index] as RememberItem;
    return extractFacts(item.text, item.at ?? now, speakersOf(items, index, people));
  };
  if (!languageModel) {
    people = await knownPeopleOf(runtime, items);
    return { extractions: items.map((item, i) => (derives(item) ? byRules(i) : null)), usage: null };
  }
  const turns = items.flatMap((item, index) =>
    derives(item)
      ? [
          {
            index,
            text: item.text,
            session: item.session ?? null,
            at: item.at ?? now,
            ...speakersOf(items, index),
          },
        ]
      : [],
  );
  if (turns.length === 0) return { extractions: items.map(() => null), usage: null };
  const result = await extractSessionsWithLanguageModel(languageModel, turns);
  if (result.refused.size > 0) people = await knownPeopleOf(runtime, items);
  const { fallbacks, ...usage } = result.usage;
  return {
    extractions: items.map((item, index) => {
      if (!derives(item)) return null;
      // a session whose reply was refused falls back to the rules, turn by turn
      return result.refused.has(index)
        ? byRules(index)
        : (result.extractions.get(index) ?? { facts: [], mentions: [] });
    }),
    usage: fallbacks > 0 ? { ...usage, fallbacks } : usage,
  };
}

function emptyReport(plan: ExtractionPlan): KnowledgeReport {
  return {
    facts: { inserted: 0, reinforced: 0, superseded: 0 },
    entities: 0,
    relations: 0,
    mentions: 0,
    ...(plan.usage ? { llm: { ...plan.usage } } : {}),
  };
}

/**
 * Add the facts, entities, relations and mentions the plan found, linked to the episodes `outcomes` name, to `batch`
 * (the episodes' own write), so that episodes and what was derived from them commit in one transaction.
 * Returns what changed; adds nothing when the store keeps no graph.
 */
export async function addKnowledgeToBatch(
  runtime: EngineRuntime,
  items: RememberItem[],
  outcomes: WriteOutcome[],
  plan: ExtractionPlan,
  batch: WriteBatch,
): Promise<KnowledgeReport> {
  const report = emptyReport(plan);
  const graph = runtime.store.graph;
  const found = plan.extractions.some((e) => e !== null && (e.facts.length > 0 || e.mentions.length > 0));
  if (!graph || !found) return report;
  const run = createKnowledgeRun(runtime, graph, report);
  const derived = [...items.keys()].filter((index) => {
    const extraction = plan.extractions[index];
    return extraction && outcomes[index] && (extraction.facts.length > 0 || extraction.mentions.length > 0);
  });
  await readBatchStatements(run, items, derived, plan);
  for (const index of derived) {
    await deriveFromEpisode(
      run,
      items,
      index,
      (outcomes[index] as WriteOutcome).id,
      plan.extractions[index] as Extraction,
    );
  }
  await finishKnowledgeRun(run, batch);
  return report;
}

/**
 * The stored facts of every statement sentence the batch will gate, one look-up per scope rather than one per
 * sentence (the scopes' states are made here, in the order the derivation meets them).
 */
async function readBatchStatements(
  run: KnowledgeRun,
  items: RememberItem[],
  derived: number[],
  plan: ExtractionPlan,
): Promise<void> {
  const texts = new Map<ScopeState, string[]>();
  for (const index of derived) {
    const state = await scopeStateOf(run, items[index] as RememberItem);
    const list = texts.get(state) ?? [];
    for (const fact of plan.extractions[index]?.facts ?? [])
      if (TEXT_KEYED.has(fact.predicate) && fact.text !== undefined) list.push(fact.text);
    texts.set(state, list);
  }
  for (const [state, list] of texts) await readStatementFacts(run, state, list);
}

/** One episode's facts and mentions: the speaker first, then each fact through the gate, then the names it said. */
async function deriveFromEpisode(
  run: KnowledgeRun,
  items: RememberItem[],
  index: number,
  episodeId: string,
  extraction: Extraction,
): Promise<void> {
  const item = items[index] as RememberItem;
  const state = await scopeStateOf(run, item);
  const occurredAt = item.at ?? run.recordedAt;
  const episode: EpisodeSource = {
    id: episodeId,
    occurredAt,
    source: { source: episodeId, occurredAt, recordedAt: run.recordedAt, session: item.session ?? null },
  };
  const speakers = speakersOf(items, index);
  // Facts first: a relative named here ("my brother's name is Tom") takes over the placeholder before mentions
  // resolve the same name.
  const needsSpeaker = extraction.facts.length > 0 || extraction.mentions.some((m) => m.relation);
  const speaker = needsSpeaker ? state.resolver.resolve(speakerName(item), "person") : null;
  if (speaker) run.mentions.push({ memoryId: episodeId, entityId: speaker.id });
  if (speaker)
    for (const extracted of extraction.facts) await deriveFact(run, state, speaker, extracted, episode);
  linkMentions(run, state, extraction.mentions, speaker, speakers, episodeId);
}

/** The gate's candidate of an extracted fact, its subject and object resolved; dated only where its predicate is. */
function candidateOf(
  extracted: ExtractedFact,
  subject: EntityRecord,
  object: string,
  objectEntity: EntityRecord | null,
  text: string,
): CandidateFact {
  return {
    subject,
    predicate: extracted.predicate,
    object,
    objectEntity,
    text,
    validFrom: DATED_PREDICATES.has(extracted.predicate) ? extracted.at : null,
  };
}

/** One extracted fact: its subject and object resolved to entities, then gated. */
async function deriveFact(
  run: KnowledgeRun,
  state: ScopeState,
  speaker: EntityRecord,
  extracted: ExtractedFact,
  episode: EpisodeSource,
): Promise<void> {
  // "Actually, it was Boulder, not Denver.": the value told as Denver is Boulder (nothing is stored of this turn itself)
  if (extracted.predicate === CORRECTS) {
    if (extracted.replaces)
      await correctValue(
        run,
        state,
        speaker,
        extracted.object,
        extracted.replaces,
        extracted.language,
        episode,
      );
    return;
  }
  const subject = resolveFactSubject(run, state, speaker, extracted);
  // "I broke up with Tom", "our cat Luna passed away": one value of many ends (one held and never told joins the
  // history; a value only named makes no entity)
  if (extracted.ends && !isSingleValued(extracted.predicate) && extracted.object !== ENDED) {
    const objectEntity = extracted.held
      ? resolveFactObject(state, speaker, extracted)
      : extracted.objectType
        ? (state.resolver.find(extracted.object, extracted.objectType) ?? null)
        : null;
    const object = objectEntity?.name ?? extracted.object;
    // (the sentence of a value never told, which joins the history only as a value of before)
    const text = formerSentence(extracted.predicate, subject.name, object, extracted.language);
    const ended = await endValue(
      run,
      state,
      { ...candidateOf(extracted, subject, object, objectEntity, text), held: extracted.held === true },
      episode,
      extracted.language,
    );
    if (ended) run.mentions.push({ memoryId: episode.id, entityId: subject.id });
    return;
  }
  // "we broke up": each value of many that holds now ends
  if (extracted.ends && !isSingleValued(extracted.predicate)) {
    const ended = await endEveryValue(
      run,
      state,
      { subject, predicate: extracted.predicate, validFrom: extracted.at },
      episode,
      extracted.language,
    );
    if (ended) run.mentions.push({ memoryId: episode.id, entityId: subject.id });
    return;
  }
  if (extracted.ends) {
    // an ending names an entity that exists or none: "I left Paris" makes no organisation of Paris
    const named = extracted.objectType
      ? state.resolver.find(extracted.object, extracted.objectType)
      : undefined;
    const ended = await endFact(
      run,
      state,
      {
        subject,
        predicate: extracted.predicate,
        object: named?.name ?? extracted.object,
        objectEntity: named ?? null,
        validFrom: DATED_PREDICATES.has(extracted.predicate) ? extracted.at : null,
      },
      episode,
      extracted.language,
    );
    if (ended) run.mentions.push({ memoryId: episode.id, entityId: subject.id });
    // "I no longer work at Google" with Google never told: a job held before, its start unknown
    else if (extracted.held && extracted.object !== ENDED) {
      const objectEntity = resolveFactObject(state, speaker, extracted);
      const object = objectEntity?.name ?? extracted.object;
      const text = formerSentence(extracted.predicate, subject.name, object, extracted.language);
      const former = await formerFact(
        run,
        state,
        candidateOf(extracted, subject, object, objectEntity, text),
        episode,
        extracted.language,
      );
      if (former) run.mentions.push({ memoryId: episode.id, entityId: subject.id });
    }
    return;
  }
  const objectEntity = resolveFactObject(state, speaker, extracted);
  if (extracted.predicate === "name") {
    state.resolver.addAlias(subject, extracted.object);
    if (normalizeName(extracted.object) === normalizeName(subject.name)) return;
  }
  const object = objectEntity?.name ?? extracted.object;
  run.mentions.push({ memoryId: episode.id, entityId: subject.id });
  const text = extracted.text ?? factSentence(extracted.predicate, subject.name, object, extracted.language);
  const fact = await gateFact(
    run,
    state,
    candidateOf(extracted, subject, object, objectEntity, text),
    episode,
  );
  // "I'm not vegetarian anymore": the statement "is vegetarian" ends
  if (extracted.denies)
    await endDenied(run, state, fact, extracted.predicate, normalizeText(extracted.denies));
  // "Mia, not Maria": the value corrected leaves with this one (an entity only when one of that name exists)
  if (extracted.replaces) {
    const wrong = extracted.objectType
      ? state.resolver.find(extracted.replaces, extracted.objectType)
      : undefined;
    await correctFact(run, state, fact, wrong?.name ?? extracted.replaces, wrong?.id ?? null);
    // "my daughter's name is Mira, not Maya": what was told of Maya was told of Mira
    if (wrong && objectEntity && extracted.predicate in RELATIVE_WORDS)
      await moveCorrectedName(run, state, subject, extracted.predicate, wrong, objectEntity, episode);
  }
  for (const link of extracted.links ?? []) {
    const entity =
      state.resolver.find(link.name, link.entityType) ?? state.resolver.resolve(link.name, link.entityType);
    if (entity.id === subject.id || entity.id === objectEntity?.id) continue;
    run.mentions.push({ memoryId: episode.id, entityId: entity.id });
    run.links.push({
      scopeKey: state.key,
      factId: fact.memoryId,
      fromId: subject.id,
      toId: entity.id,
      // one knows a person: a name first read as one that resolved to a title or a thing is only mentioned
      relationType: link.relation === "knows" && entity.entityType !== "person" ? "mentions" : link.relation,
    });
  }
}

/** Whom a fact is about: the speaker, a named person, or the speaker's relative (a placeholder until named). */
function resolveFactSubject(
  run: KnowledgeRun,
  state: ScopeState,
  speaker: EntityRecord,
  extracted: ExtractedFact,
): EntityRecord {
  if (extracted.subject.kind === "speaker") return speaker;
  if (extracted.subject.kind === "named") return state.resolver.resolve(extracted.subject.name, "person");
  return relativeOf(run, state, speaker, extracted.subject.relation);
}

/** The speaker's relative, and the relation to them when the placeholder is new. */
function relativeOf(
  run: KnowledgeRun,
  state: ScopeState,
  speaker: EntityRecord,
  relation: string,
): EntityRecord {
  const { entity, created } = state.resolver.relative(speaker, relation);
  if (created)
    run.newRelations.push(relationFor(state.scope, speaker.id, entity.id, relation, null, run.recordedAt));
  return entity;
}

/** The entity a fact's object names, when it names one: a relative named ("my sister Maria") takes the placeholder. */
function resolveFactObject(
  state: ScopeState,
  speaker: EntityRecord,
  extracted: ExtractedFact,
): EntityRecord | null {
  if (!extracted.objectType) return null;
  if (
    extracted.objectType === "person" &&
    extracted.subject.kind === "speaker" &&
    extracted.predicate !== "married_to"
  )
    return state.resolver.name(speaker, extracted.predicate, extracted.object);
  return state.resolver.resolve(extracted.object, extracted.objectType);
}

/**
 * Link the episode to the entities it names. A name said to the addressee that is a short form of theirs ("Mel" to
 * Melanie) becomes their alias; a relative spoken of ("my kids") is the speaker's relative; a name the parser is
 * unsure of makes no entity of its own, but still links to one that exists.
 */
function linkMentions(
  run: KnowledgeRun,
  state: ScopeState,
  mentions: readonly ExtractedMention[],
  speaker: EntityRecord | null,
  speakers: Speakers,
  episodeId: string,
): void {
  const { resolver } = state;
  const link = (entity: EntityRecord) => run.mentions.push({ memoryId: episodeId, entityId: entity.id });
  for (const mention of mentions) {
    if (mention.relation) {
      if (speaker) link(relativeOf(run, state, speaker, mention.relation));
      continue;
    }
    if (mention.vocative && speakers.addressee) {
      const addressee = resolver.resolve(speakers.addressee, "person");
      if (normalizeName(mention.name) === normalizeName(addressee.name)) {
        link(addressee);
        continue;
      }
      // said to them, two letters are enough ("Thanks, Jo!" to Joanna); in Chinese, 志强 or 小李 ("小李，你好" to
      // 李雪, even when the scope has another 李)
      if (
        isShortFormOf(mention.name, addressee.name, 2) ||
        isChineseShortFormOf(normalizeName(mention.name), normalizeName(addressee.name))
      ) {
        resolver.addAlias(addressee, mention.name);
        link(addressee);
        continue;
      }
    }
    const existing = resolver.find(mention.name, mention.entityType);
    if (existing) link(existing);
    else if ((mention.confidence ?? 1) >= MIN_ENTITY_CONFIDENCE)
      link(resolver.resolve(mention.name, mention.entityType));
  }
}
