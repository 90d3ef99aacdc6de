/** What the rule-based (and LLM) extractors find in one turn: facts about people and the entities it names. */

export type EntityType = "person" | "place" | "organization" | "thing";

/** Who a fact is about, before entity resolution. */
export type SubjectReference =
  /** "I", "my", 我: the speaker of the turn. */
  | { kind: "speaker" }
  /** "my sister": the speaker's relative, by relation, whose name may not be known yet. */
  | { kind: "relative"; relation: string }
  /** A named person ("Maria lives in Paris"). */
  | { kind: "named"; name: string };

export interface ExtractedFact {
  subject: SubjectReference;
  /** A predicate of the catalogue (lives_in, works_at, sister, likes, …). */
  predicate: string;
  object: string;
  /** When the object is an entity (a place, an organisation, a person): its type; otherwise null. */
  objectType: EntityType | null;
  /** A time the text gives for it (ms since the epoch), resolved against the turn's time; null when none. */
  at: number | null;
  /** "en" or "zh": the language the fact's text is written in. */
  language: "en" | "zh";
}

/** An entity a turn names (a person, a place, an organisation). */
export interface ExtractedMention {
  name: string;
  entityType: EntityType;
}

export interface Extraction {
  facts: ExtractedFact[];
  mentions: ExtractedMention[];
}
