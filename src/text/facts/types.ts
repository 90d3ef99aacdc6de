/** What the rule-based (and LLM) extractors find in one turn: facts about people and the entities it names. */

export type EntityType = "person" | "place" | "organization" | "animal" | "thing";

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
  /**
   * The fact as a sentence, in the third person, when the speaker's own words say it better than the catalogue's
   * template ("Caroline is learning the piano."); absent for facts that read as the template.
   */
  text?: string;
  /**
   * The fact says its predicate's value ended ("I quit my job at Google", "I no longer live in Paris", 我离婚了): the
   * derivation closes the subject's current value when it is this object, or whatever it is when the object is
   * empty (ENDED_ANY), and does nothing when there is none. Only single-valued predicates end (ENDABLE_PREDICATES).
   */
  ends?: true;
  /**
   * An ending that says its value held until then ("I no longer work at Google", "I used to live in Boston",
   * 我从腾讯辞职了), not only that it does not hold now ("I don't work at Google"): a value no fact of the subject's
   * has told joins its history as a former one.
   */
  held?: true;
  /**
   * The value this one corrects ("my sister's name is Mia, not Maria", "I live in Madrid, not Barcelona", 我妹妹叫小美，
   * 不是小红): the derivation retires the subject's current fact of the predicate with that value, as the new one
   * supersedes it.
   */
  replaces?: string;
  /**
   * The statement this one says no longer holds ("I'm not vegetarian anymore" denies "is vegetarian"): the derivation
   * ends the subject's current statement of that object where this one begins.
   */
  denies?: string;
  /**
   * Named entities the fact's sentence relates its subject to beyond its object ("John signed with the Minnesota
   * Wolves" → sign → Minnesota Wolves): each becomes a relation that lives and dies with the fact.
   */
  links?: FactLink[];
}

/** A relation a fact's sentence gives from its subject to a named entity. */
export interface FactLink {
  relation: string;
  name: string;
  entityType: EntityType;
}

/** An entity a turn names (a person, a place, an organisation). */
export interface ExtractedMention {
  name: string;
  entityType: EntityType;
  /** How sure the parser is that this is a name of that type, 0–1; absent means sure (an LLM's or a rule's). */
  confidence?: number;
  /** Said to someone ("Thanks, Mel!"): a name, or a short form of one, of whom the speaker addresses. */
  vocative?: boolean;
  /**
   * Named beside what the clause is about: a noun it modifies ("a Harry Potter party") or a work it made ("a book by
   * Frank Herbert"); the clause's verb does not relate the speaker to it.
   */
  mentionedOnly?: boolean;
  /** A relative of the speaker ("my kids": "children"); `name` is empty when the turn does not name them. */
  relation?: string;
}

/** Who speaks and to whom, so "I" and "you" can become names. */
export interface Speakers {
  speaker?: string | null;
  addressee?: string | null;
  /**
   * People the memory already knows that the text names, lower case ("tiago", told before as the speaker's son): a
   * name the lexicon does not know is still a person's ("Tiago is 7", "Rui got a job at Siemens").
   */
  people?: readonly string[];
  /**
   * The speaker is an assistant: its replies retell what it was told ("Kenji is moving to Tokyo in January."), so
   * only what it says of itself is read, not another's doings.
   */
  assistant?: boolean;
}

export interface Extraction {
  facts: ExtractedFact[];
  mentions: ExtractedMention[];
}
