/**
 * The features φᵢ of a recall candidate: the signals recall computes (meaning, words, neighbours, speaker, graph,
 * recency, strength, time, the form of question and text), raw and normalised over the candidates. The score is
 * sᵢ = wᵀφᵢ. The first eight features are the hand-set terms themselves (each already carries its hand-set weight),
 * so the prior w₀ — 1 for those, 0 for the rest — scores exactly as the hand-set recall did; training moves w from
 * there. Every feature is general: none reads a format of one data set, and the conversation-only ones (neighbours,
 * speakers) are zero for documents, translation units and facts that no one said.
 */
import type { MemoryRecord } from "../spec/memory.js";
import {
  asksQuestion,
  hasNumber,
  namesSomething,
  type QuestionForm,
  wordCount,
} from "../text/question-form.js";
import { mentionsTime, type TimeSpan } from "../text/time-expressions.js";
import type { NeighbourBonus } from "./neighbours.js";

/** What the form features read of a memory's text alone: the same for every recall, so it is kept per text. */
interface TextSignals {
  mentionsTime: boolean;
  asks: boolean;
  length: number;
  hasNumber: boolean;
  names: boolean;
}

/** Texts whose signals are kept; the whole memo is dropped when full (a recall's candidates fill it again). */
const TEXT_SIGNALS_ENTRIES = 20_000;
const textSignalsMemo = new Map<string, TextSignals>();

function textSignals(text: string): TextSignals {
  let signals = textSignalsMemo.get(text);
  if (!signals) {
    signals = {
      mentionsTime: mentionsTime(text),
      asks: asksQuestion(text),
      length: Math.log1p(wordCount(text)),
      hasNumber: hasNumber(text),
      names: namesSomething(text),
    };
    if (textSignalsMemo.size >= TEXT_SIGNALS_ENTRIES) textSignalsMemo.clear();
    textSignalsMemo.set(text, signals);
  }
  return signals;
}

/** The named parts of a score; each is the sum of its features' shares wⱼφᵢⱼ, and together they add up to it. */
export type ScoreTerm =
  | "vector"
  | "lexical"
  | "neighbour"
  | "session"
  | "speaker"
  | "graph"
  | "recency"
  | "strength"
  | "superseded"
  | "time"
  | "form"
  | "interaction";

export const SCORE_TERMS: readonly ScoreTerm[] = [
  "vector",
  "lexical",
  "neighbour",
  "session",
  "speaker",
  "graph",
  "recency",
  "strength",
  "superseded",
  "time",
  "form",
  "interaction",
];

export interface RecallFeature {
  name: string;
  term: ScoreTerm;
  /** The hand-set weight: 1 for a hand-set term (its value carries its weight), 0 for a feature it did not use. */
  prior: number;
  description: string;
}

function feature(name: string, term: ScoreTerm, prior: number, description: string): RecallFeature {
  return { name, term, prior, description };
}

/** Every feature, in the order of the vector φ. Renaming or reordering one changes the scorer's format version. */
export const RECALL_FEATURES: readonly RecallFeature[] = [
  feature("meaning", "vector", 1, "cosine(q, best key) / τ"),
  feature("words", "lexical", 1, "lexicalWeight × BM25 / (best BM25 + lexicalDamping)"),
  feature(
    "neighbour",
    "neighbour",
    1,
    "neighbourWeight × relevance of the strong hit beside it in its session",
  ),
  feature(
    "speaker",
    "speaker",
    1,
    "speakerWeight × relevance, when said by (or a fact about) a person named",
  ),
  feature("graph", "graph", 1, "graphWeight when linked to an entity the query names, half one hop away"),
  feature("recency", "recency", 1, "recencyWeight × 2^(−age / half-life)"),
  feature("strength", "strength", 1, "strengthWeight × strength decayed since last seen"),
  feature("superseded", "superseded", 1, "−supersededPenalty when all it says was superseded"),
  feature("meaningStandard", "vector", 0, "cosine as standard scores over the candidates"),
  feature("meaningRank", "vector", 0, "1 − log(1 + rank) / log(1 + depth) in the vector channel, 0 outside"),
  feature("wordsRelative", "lexical", 0, "BM25 / best BM25 among the candidates"),
  feature("wordsRank", "lexical", 0, "1 − log(1 + rank) / log(1 + depth) in the lexical channel, 0 outside"),
  feature("wordsCovered", "lexical", 0, "share of the query's terms the memory's text holds"),
  feature("answersQuestion", "neighbour", 0, "relevance (÷ best) of the turn before it, when that turn asks"),
  feature("followsHit", "neighbour", 0, "relevance (÷ best) of the turn right before it"),
  feature("precedesHit", "neighbour", 0, "relevance (÷ best) of the turn right after it"),
  feature(
    "sessionRelevance",
    "session",
    0,
    "best relevance (÷ best) among the turns of its session (a fact: of its sources' sessions)",
  ),
  feature("speakerNamed", "speaker", 0, "1 when said by a person the query names"),
  feature("otherSpeaker", "speaker", 0, "1 when the query names a speaker and someone else said it"),
  feature("toldTimes", "strength", 0, "log of how many times it was told"),
  feature("tellsTime", "time", 0, "1 when it speaks of a time (a date, a weekday, yesterday, …)"),
  feature("whenTellsTime", "time", 0, "a when-question × it speaks of a time"),
  feature("whenSpeaker", "time", 0, "a when-question × said by a person the query names"),
  feature("inAskedSpan", "time", 0, "1 when it happened within the span of time the question names"),
  feature(
    "speaksOfAskedSpan",
    "time",
    0,
    "1 when a day it speaks of lies within the span the question names",
  ),
  feature("asks", "form", 0, "1 when it asks something itself (?, ？)"),
  feature("length", "form", 0, "log(1 + words)"),
  feature("countHasNumber", "form", 0, "a how-many question × it holds a number"),
  feature("whereNames", "form", 0, "a where-question × it names something (a capitalised word)"),
  feature("whoNames", "form", 0, "a who-question × it names something"),
  feature("yesNoSpeaker", "form", 0, "a yes/no question × said by a person the query names"),
  feature("isFact", "form", 0, "1 for a derived fact"),
  feature("isSummary", "form", 0, "1 for a session summary"),
  feature("isDocument", "form", 0, "1 for a document segment or a translation unit"),
  feature(
    "secondMeaning",
    "vector",
    0,
    "second read: cosine with u₂ = u₁ + Σ aᵢvᵢ (top memories), standard scores",
  ),
  feature(
    "secondWords",
    "lexical",
    0,
    "second read: BM25 of the query widened by the top memories' terms ÷ best",
  ),
];

export const FEATURE_COUNT = RECALL_FEATURES.length;
export const FEATURE_INDEX: ReadonlyMap<string, number> = new Map(RECALL_FEATURES.map((f, i) => [f.name, i]));

/** The hand-set terms of one candidate, as the hand-set recall computed them. */
export interface HandSetTerms {
  vector: number;
  lexical: number;
  neighbour: number;
  speaker: number;
  graph: number;
  recency: number;
  strength: number;
  superseded: number;
}

/** What recall knows about one candidate, before it is scored. */
export interface CandidateSignals {
  record: MemoryRecord;
  terms: HandSetTerms;
  /** Cosine with the best key, or the channel's floor when outside it; null without a vector. */
  cosine: number | null;
  /** 0-based rank in the vector channel, null outside it. */
  vectorRank: number | null;
  bm25: number | null;
  lexicalRank: number | null;
  /** Meaning above the lowest candidate plus words: what lends neighbours and speakers their share. */
  relevance: number;
  neighbour: NeighbourBonus | undefined;
  /** Said by a speaker the query names (or a fact about a person it names). */
  speakerNamed: boolean;
  /** The query names a speaker, and this conversation memory was said by someone else. */
  otherSpeaker: boolean;
  /** The days it speaks of (its date key). */
  dates: number[];
  /** A second read's evidence (with `hops: 2`): cosine with u₂, BM25 of the widened query ÷ its best; else null. */
  second: { cosine: number | null; words: number } | null;
}

/** What recall knows about the query. */
export interface QuerySignals {
  form: QuestionForm;
  span: TimeSpan | null;
  terms: ReadonlySet<string>;
  /** The depth of each channel: how many hits it returned at most. */
  depth: number;
  /** Lexical terms of a text; recall passes the index's own tokeniser. */
  termsOf(text: string): string[];
}

/** The sessions a memory was told in: its own, or for a derived fact (or a reinforced memory) its sources'. */
function sessionsOf(record: MemoryRecord): string[] {
  const sessions = new Set<string>();
  if (record.session !== null) sessions.add(record.session);
  for (const source of record.sources) if (source.session !== null) sessions.add(source.session);
  return [...sessions];
}

function rankFeature(rank: number | null, depth: number): number {
  return rank === null ? 0 : 1 - Math.log1p(rank) / Math.log1p(Math.max(1, depth));
}

/** The feature vectors of one recall's candidates, in their order. */
export function candidateFeatures(
  query: QuerySignals,
  candidates: readonly CandidateSignals[],
): Float64Array[] {
  const cosines = candidates.map((c) => c.cosine).filter((c): c is number => c !== null);
  const mean = cosines.reduce((a, b) => a + b, 0) / Math.max(1, cosines.length);
  const spread =
    Math.sqrt(cosines.reduce((a, c) => a + (c - mean) ** 2, 0) / Math.max(1, cosines.length)) || 1;
  const bestBm25 = Math.max(0, ...candidates.map((c) => c.bm25 ?? 0));
  const seconds = candidates
    .map((c) => c.second?.cosine)
    .filter((c): c is number => c !== null && c !== undefined);
  const secondMean = seconds.reduce((a, b) => a + b, 0) / Math.max(1, seconds.length);
  const secondSpread =
    Math.sqrt(seconds.reduce((a, c) => a + (c - secondMean) ** 2, 0) / Math.max(1, seconds.length)) || 1;
  const bestRelevance = Math.max(1e-9, ...candidates.map((c) => c.relevance));
  // The best relevance among each session's conversation memories: how much the session around a memory is about
  // the query (the memory itself included, so a session of one memory counts as much as the memory does).
  const sessionBest = new Map<string, number>();
  for (const c of candidates) {
    if (c.record.session === null || c.record.kind !== "episode") continue;
    sessionBest.set(c.record.session, Math.max(sessionBest.get(c.record.session) ?? 0, c.relevance));
  }
  // A memory told in no session (a note, a document) is a session of its own: it counts as much as it does, as a
  // session of one memory would; otherwise every memory with a session would outrank it on this term alone.
  // A memory counts in its own sessions' relevance: a fact (not an episode of the session) weighs at least what it
  // does itself, as an episode does, so a fact told in a quiet session is not outranked by a busy session's small talk.
  const sessionRelevance = (c: CandidateSignals): number => {
    let best = c.relevance;
    for (const session of sessionsOf(c.record)) best = Math.max(best, sessionBest.get(session) ?? 0);
    return best / bestRelevance;
  };
  const { form, span } = query;
  return candidates.map((c) => {
    const record = c.record;
    const text = record.text;
    const phi = new Float64Array(FEATURE_COUNT);
    const t = c.terms;
    const set = (name: string, value: number) => {
      phi[FEATURE_INDEX.get(name) as number] = value;
    };
    set("meaning", t.vector);
    set("words", t.lexical);
    set("neighbour", t.neighbour);
    set("speaker", t.speaker);
    set("graph", t.graph);
    set("recency", t.recency);
    set("strength", t.strength);
    set("superseded", t.superseded);
    set("meaningStandard", c.cosine === null ? 0 : (c.cosine - mean) / spread);
    set("meaningRank", rankFeature(c.vectorRank, query.depth));
    set("wordsRelative", bestBm25 > 0 ? (c.bm25 ?? 0) / bestBm25 : 0);
    set("wordsRank", rankFeature(c.lexicalRank, query.depth));
    if (query.terms.size > 0 && c.bm25 !== null) {
      const own = new Set(query.termsOf(text));
      let shared = 0;
      for (const term of query.terms) if (own.has(term)) shared++;
      set("wordsCovered", shared / query.terms.size);
    }
    const n = c.neighbour;
    if (n) {
      set("answersQuestion", n.previousAsked ? n.previous / bestRelevance : 0);
      set("followsHit", n.previous / bestRelevance);
      set("precedesHit", n.next / bestRelevance);
    }
    set("sessionRelevance", sessionRelevance(c));
    const named = c.speakerNamed ? 1 : 0;
    set("speakerNamed", named);
    set("otherSpeaker", c.otherSpeaker ? 1 : 0);
    set("toldTimes", Math.log(Math.max(1, record.count)));
    const signals = textSignals(text);
    const tells = c.dates.length > 0 || signals.mentionsTime ? 1 : 0;
    set("tellsTime", tells);
    if (form.when) {
      set("whenTellsTime", tells);
      set("whenSpeaker", named);
    }
    if (span) {
      set("inAskedSpan", record.occurredAt >= span.from && record.occurredAt < span.to ? 1 : 0);
      set("speaksOfAskedSpan", c.dates.some((day) => day >= span.from && day < span.to) ? 1 : 0);
    }
    set("asks", signals.asks ? 1 : 0);
    set("length", signals.length);
    if (form.howMany) set("countHasNumber", signals.hasNumber ? 1 : 0);
    if (form.where || form.who) {
      const names = signals.names ? 1 : 0;
      if (form.where) set("whereNames", names);
      if (form.who) set("whoNames", names);
    }
    if (form.yesNo) set("yesNoSpeaker", named);
    set("isFact", record.kind === "fact" ? 1 : 0);
    set("isSummary", record.kind === "summary" ? 1 : 0);
    set("isDocument", record.kind === "segment" || record.kind === "unit" ? 1 : 0);
    if (c.second) {
      if (c.second.cosine !== null) set("secondMeaning", (c.second.cosine - secondMean) / secondSpread);
      set("secondWords", c.second.words);
    }
    return phi;
  });
}
