/**
 * Corrections of what was told. A person's name corrected ("my daughter's name is Mira, not Maya", 我女儿叫米拉，不是
 * 玛雅): what was told under the wrong name was told of the person the right name names. The facts about the wrong
 * name, and the teller's facts whose sentence names it, are told again with the right name, each from the time the old
 * one held; the old ones are retired as never true (valid for no time: validTo = validFrom), so answers, the graph's
 * edges and as-of reads hold the right name only, while the history and the episodes keep what was said. The
 * relative's alias ("Ana's daughter") moves to the right name, so "my daughter" is her from then on. A value corrected
 * on its own ("Actually, it was Boulder, not Denver.") is retold the same way.
 */
import type { EntityRecord, FactRecord } from "../../spec/graph.js";
import { ENDED, factSentence, RELATIVE_WORDS } from "../../text/facts/index.js";
import { escapeRegExp, hasWholeWord, normalizeText } from "../../text/index.js";
import { relativeAlias } from "./entity-resolver.js";
import {
  type CandidateFact,
  type EpisodeSource,
  gateFact,
  type KnowledgeRun,
  readFacts,
  type ScopeState,
} from "./fact-gate.js";

/** At most this many facts move with a corrected name (a name told of in a thousand facts is no slip to correct). */
const MAX_MOVED = 200;

/** `text` with each whole-word `wrong` as `right`. */
function renamed(text: string, wrong: string, right: string): string {
  if (/\p{Script=Han}/u.test(wrong)) return text.replaceAll(wrong, right);
  return text.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(wrong)}(?![\\p{L}\\p{N}])`, "gu"), right);
}

/**
 * Tell again with `right`'s name what was told of `wrong` (a person the teller's `relation` was corrected away from);
 * returns how many facts moved. Nothing moves when `wrong` is the teller or `right`.
 */
export async function moveCorrectedName(
  run: KnowledgeRun,
  state: ScopeState,
  teller: EntityRecord,
  relation: string,
  wrong: EntityRecord,
  right: EntityRecord,
  episode: EpisodeSource,
): Promise<number> {
  if (wrong.id === right.id || wrong.id === teller.id || wrong.entityType !== "person") return 0;
  // rare (a name corrected): any fact of the scope may be about the wrong name
  await readFacts(run.graph, state);
  const key = normalizeText(wrong.name);
  const candidates = [...state.facts.values()].filter(
    (fact) =>
      fact.supersededBy === null &&
      fact.object !== ENDED &&
      fact.objectId !== right.id &&
      // (the correcting turn's own facts say what it said)
      !fact.sourceMemoryIds.includes(episode.id) &&
      (fact.subjectId === wrong.id || fact.objectId === wrong.id || fact.subjectId === teller.id),
  );
  const texts = await sentencesOf(run, state, candidates);
  const moving = candidates
    .filter(
      (fact) =>
        fact.subjectId === wrong.id ||
        fact.objectId === wrong.id ||
        hasWholeWord(normalizeText(texts.get(fact.memoryId) ?? ""), key),
    )
    .slice(0, MAX_MOVED);
  for (const old of moving) {
    const text = texts.get(old.memoryId);
    if (text === undefined) continue;
    const subject = old.subjectId === wrong.id ? right : (state.resolver.byId(old.subjectId) ?? teller);
    const objectEntity =
      old.objectId === wrong.id ? right : old.objectId ? (state.resolver.byId(old.objectId) ?? null) : null;
    await retell(
      run,
      state,
      old,
      {
        subject,
        predicate: old.predicate,
        object: old.objectId === wrong.id ? right.name : renamed(old.object, wrong.name, right.name),
        objectEntity,
        text: renamed(text, wrong.name, right.name),
        validFrom: old.validFrom,
      },
      episode,
    );
  }
  state.resolver.moveAlias(relativeAlias(teller.name, relation), right);
  return moving.length;
}

/**
 * A value corrected on its own ("Actually, it was Boulder, not Denver.", 不对，是博尔德，不是丹佛。): the newest current
 * fact whose value is the wrong one is told again with the right one, from when it held, and the old one retired as
 * never true; a relative's name so corrected moves what was told of them (moveCorrectedName). Returns whether a fact
 * was corrected (none when no value of that name was told).
 */
export async function correctValue(
  run: KnowledgeRun,
  state: ScopeState,
  teller: EntityRecord,
  right: string,
  wrong: string,
  language: "en" | "zh",
  episode: EpisodeSource,
): Promise<boolean> {
  // rare (a value corrected): any current fact of the scope may hold it
  await readFacts(run.graph, state);
  const key = normalizeText(wrong);
  const old = [...state.facts.values()]
    .filter(
      (fact) =>
        fact.supersededBy === null &&
        fact.object !== ENDED &&
        !fact.sourceMemoryIds.includes(episode.id) &&
        normalizeText(fact.object) === key,
    )
    .sort((a, b) => b.recordedAt - a.recordedAt || (b.validFrom ?? 0) - (a.validFrom ?? 0))[0];
  if (!old) return false;
  const text = (await sentencesOf(run, state, [old])).get(old.memoryId) ?? "";
  const wrongEntity = old.objectId ? state.resolver.byId(old.objectId) : undefined;
  const objectEntity = wrongEntity
    ? (state.resolver.find(right, wrongEntity.entityType) ??
      state.resolver.resolve(right, wrongEntity.entityType))
    : null;
  const subject = state.resolver.byId(old.subjectId) ?? teller;
  const object = objectEntity?.name ?? right;
  const retold = await retell(
    run,
    state,
    old,
    {
      subject,
      predicate: old.predicate,
      object,
      objectEntity,
      text: hasWholeWord(normalizeText(text), key)
        ? renamed(text, wrong, object)
        : factSentence(old.predicate, subject.name, object, language),
      validFrom: old.validFrom,
    },
    episode,
  );
  if (!retold) return false;
  if (wrongEntity && objectEntity && old.predicate in RELATIVE_WORDS)
    await moveCorrectedName(run, state, teller, old.predicate, wrongEntity, objectEntity, episode);
  return true;
}

/**
 * `old` told again as `candidate` (from the time `old` held), and `old` retired as never true: valid for no time,
 * superseded by the new one, whose sources start with where `old` was first told. Returns whether it was retold (not
 * when the candidate is `old` itself).
 */
async function retell(
  run: KnowledgeRun,
  state: ScopeState,
  old: FactRecord,
  candidate: CandidateFact,
  episode: EpisodeSource,
): Promise<boolean> {
  const told = await gateFact(run, state, candidate, episode);
  if (told === old) return false;
  for (const source of old.sourceMemoryIds)
    if (!told.sourceMemoryIds.includes(source)) told.sourceMemoryIds.unshift(source);
  // (a single value's chain has put the new one after the old one already, from the same time, and counted it)
  if (old.supersededBy === null) {
    old.supersededBy = told.memoryId;
    run.report.facts.superseded++;
  }
  old.validTo = old.validFrom ?? told.validFrom;
  old.retiredAt = run.recordedAt;
  run.touchedFacts.add(old.memoryId);
  return true;
}

/** The sentences of facts, from this run's inserts or the store. */
async function sentencesOf(
  run: KnowledgeRun,
  state: ScopeState,
  facts: readonly FactRecord[],
): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const stored: string[] = [];
  for (const fact of facts) {
    const pending = run.inserts.get(fact.memoryId);
    if (pending) texts.set(fact.memoryId, pending.record.text);
    else stored.push(fact.memoryId);
  }
  if (stored.length > 0)
    for (const record of await run.runtime.store.get(state.scope.tenant, stored))
      texts.set(record.id, record.text);
  return texts;
}
