/**
 * A question about a person is answered by what that person said: when the query names one of the speakers among
 * the candidates ("What does Melanie do to destress?"), that speaker's memories count as more relevant: the score
 * gains `speakerWeight` × their relevance (meaning and words). A share of relevance rather than a flat bonus, so a
 * named speaker's unrelated small talk gains little, and a strong match said by someone else still wins. On the
 * LoCoMo dev file 94–100% of the evidence of such questions is the named speaker's (outside the adversarial category,
 * whose questions name the wrong person on purpose: 25%). Only conversation memories (episodes told in a session or by
 * a speaker) count as said by someone; a document or a translation unit never does.
 */
import type { MemoryRecord } from "../spec/memory.js";
import { hasWholeWord } from "../text/index.js";
import { normalizeName } from "./knowledge/entity-resolver.js";
import { isConversationMemory } from "./neighbours.js";

export interface SpeakerBias {
  /** The speakers the query names (as stored). */
  named: string[];
  /** The share of its relevance a memory gains: `speakerWeight` when a named speaker said it or it is a fact about a
   * named person, else 0. */
  share(record: MemoryRecord): number;
}

/**
 * A speaker is named by its whole name, or by its first word when that word is a name of three letters or more.
 * A query that capitalises any word past the start of a sentence must write the name with its capitals too ("What will
 * Ana do?" does not name "Will"); one that does not ("where did john go?") names it in any case.
 */
function namedBy(query: string, speaker: string, caseSensitive: boolean): boolean {
  const name = caseSensitive
    ? speaker.normalize("NFKC").replace(/\s+/gu, " ").trim()
    : normalizeName(speaker);
  if (hasWholeWord(query, name)) return true;
  const first = name.split(/\s+/)[0] ?? "";
  return first !== name && first.length >= 3 && hasWholeWord(query, first);
}

/**
 * The speaker term for one recall's candidates. `aboutNamed` says whether a memory is a fact about a person the query
 * names: such a fact counts as that person's, as what they said does.
 */
export function speakerBias(
  query: string,
  records: MemoryRecord[],
  weight: number,
  aboutNamed: (record: MemoryRecord) => boolean = () => false,
): SpeakerBias {
  if (weight <= 0) return { named: [], share: () => 0 };
  // capitals beyond the first letter of each sentence say the writer capitalises names
  const caseSensitive = /\p{Lu}/u.test(query.replace(/(^|[.!?]\s+)\p{Lu}/gu, "$1"));
  const normalized = caseSensitive ? query.normalize("NFKC") : normalizeName(query);
  const speakers = [...new Set(records.map((r) => r.speaker).filter((s): s is string => s !== null))];
  const named = new Set(speakers.filter((speaker) => namedBy(normalized, speaker, caseSensitive)));
  return {
    named: [...named],
    share: (record) =>
      (isConversationMemory(record) && record.speaker !== null && named.has(record.speaker)) ||
      aboutNamed(record)
        ? weight
        : 0,
  };
}
