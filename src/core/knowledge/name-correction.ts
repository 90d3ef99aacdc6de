/**
 * A person's name corrected ("my daughter's name is Mira, not Maya", 我女儿叫米拉，不是玛雅): what was told under the
 * wrong name was told of the person the right name names. The facts about the wrong name, and the teller's facts whose
 * sentence names it, are told again with the right name, each from the time the old one held; the old ones are retired
 * as never true (valid for no time: validTo = validFrom), so answers, the graph's edges and as-of reads hold the right
 * name only, while the history and the episodes keep what was said. The relative's alias ("Ana's daughter") moves to
 * the right name, so "my daughter" is her from then on.
 */
import type { EntityRecord, FactRecord } from "../../spec/graph.js";
import { ENDED } from "../../text/facts/index.js";
import { escapeRegExp, hasWholeWord, normalizeText } from "../../text/index.js";
import { relativeAlias } from "./entity-resolver.js";
import { type EpisodeSource, gateFact, type KnowledgeRun, readFacts, type ScopeState } from "./fact-gate.js";

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
    const told = await gateFact(
      run,
      state,
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
    if (told === old) continue;
    // where it was first told stays a source of it
    for (const source of old.sourceMemoryIds)
      if (!told.sourceMemoryIds.includes(source)) told.sourceMemoryIds.unshift(source);
    old.supersededBy = told.memoryId;
    old.validTo = old.validFrom ?? told.validFrom;
    old.retiredAt = run.recordedAt;
    run.touchedFacts.add(old.memoryId);
    run.report.facts.superseded++;
  }
  state.resolver.moveAlias(relativeAlias(teller.name, relation), right);
  return moving.length;
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
