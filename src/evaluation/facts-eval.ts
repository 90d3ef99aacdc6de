/**
 * Fact derivation measured against the LoCoMo authors' observations (a silver standard): each conversation is
 * remembered session by session, and every derived fact is compared with the observations of the turns it came
 * from by content-word F1 (stemmed, stop words out). Coverage: observations a fact of their turn matches at F1 ≥ 0.5.
 * Precision: facts that match an observation of their turn at F1 ≥ 0.3. Broken: facts that fail the well-formedness
 * check. Plus facts, entities and relations per 1,000 turns and the derivation's cost per turn (remember with fact
 * derivation minus remember without it, interleaved session by session). Just over 400 lines: loading, tallying,
 * running and formatting one measure.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Engine } from "../core/index.js";
import { invalidInput } from "../spec/errors.js";
import { factProblem } from "../text/facts/well-formed.js";
import { queryTerms } from "../text/index.js";
import { hasWholeWord } from "../text/whole-word.js";
import { turnText } from "./locomo.js";
import { type LocomoConversation, loadLocomo, parseEvidence } from "./locomo-data.js";

/** F1 at or above which an observation is covered by a fact of its turn. */
export const COVERAGE_F1 = 0.5;
/** F1 at or above which a fact counts as saying something an observation says. */
export const PRECISION_F1 = 0.3;

export interface Observation {
  session: number;
  speaker: string;
  text: string;
  /** Dialogue ids of the turns it came from. */
  evidence: string[];
}

const observationsSchema = z.array(
  z.looseObject({
    sample_id: z.string(),
    observations: z.array(
      z.looseObject({
        session: z.number(),
        speaker: z.string(),
        text: z.string(),
        evidence: z.array(z.unknown()),
      }),
    ),
  }),
);

/** The observations file: conversation id → its observations. Malformed evidence ids are repaired or skipped. */
export function loadObservations(path: string): Map<string, Observation[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw invalidInput(
      `cannot read ${path} as JSON (${(error as Error).message}): pass the observations file, e.g. ../shared/data/locomo/locomo-dev-observations.json`,
    );
  }
  const parsed = observationsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidInput(
      `${path} is not an observations file (${issue?.path.join(".") ?? ""}: ${issue?.message ?? "unknown"}): expected [{sample_id, observations: [{session, speaker, text, evidence}]}]`,
    );
  }
  return new Map(
    parsed.data.map((sample) => [
      sample.sample_id,
      sample.observations.map((o) => ({
        session: o.session,
        speaker: o.speaker,
        text: o.text,
        evidence: parseEvidence(o.evidence).ids,
      })),
    ]),
  );
}

/** Content-word F1 of two texts: distinct stemmed words, stop words out. */
export function contentF1(a: string, b: string): number {
  const left = new Set(queryTerms(a));
  const right = new Set(queryTerms(b));
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const term of left) if (right.has(term)) shared++;
  return (2 * shared) / (left.size + right.size);
}

/** A derived fact as the measure sees it. */
export interface DerivedFact {
  text: string;
  subject: string;
  /** Dialogue ids of the turns it was derived from. */
  turns: string[];
}

export interface FactsScore {
  /** Shares in percent. */
  coverage: number;
  precision: number;
  broken: number;
  /**
   * Share of the named entities (people, places, organisations, animals) whose name or an alias the observations of
   * their conversation use as a word: a silver check that entities are what a reader would name, not "Oof" or
   * "Go Jon".
   */
  entitiesInObservations: number;
  perThousandTurns: { facts: number; entities: number; relations: number };
  msPerTurn: number;
}

export interface ConversationFactsScore extends FactsScore {
  id: string;
  turns: number;
  observations: number;
  facts: number;
}

export interface FactsReport extends FactsScore {
  conversations: ConversationFactsScore[];
  /** LLM calls and tokens spent, when a language model extracted the facts. */
  llm?: { calls: number; promptTokens: number; completionTokens: number };
}

/** What one conversation gave: counts and matches, summed over conversations for the overall figures. */
export interface ConversationTally {
  id: string;
  turns: number;
  observations: number;
  covered: number;
  facts: number;
  matched: number;
  broken: number;
  entities: number;
  /** Entities of a named kind (not "thing"), and how many of them the observations name. */
  namedEntities: number;
  namedEntitiesObserved: number;
  relations: number;
  derivationMs: number;
  /** The same difference in CPU time (this process's), which a busy shared machine inflates less than wall time. */
  derivationCpuMs: number;
}

/** Compare one conversation's derived facts with its observations. */
export function tallyFacts(
  observations: Observation[],
  facts: DerivedFact[],
): Pick<ConversationTally, "observations" | "covered" | "facts" | "matched" | "broken"> & {
  problems: { text: string; problem: string }[];
} {
  const byTurn = new Map<string, DerivedFact[]>();
  for (const fact of facts)
    for (const turn of fact.turns) byTurn.set(turn, [...(byTurn.get(turn) ?? []), fact]);
  const observationsByTurn = new Map<string, Observation[]>();
  for (const observation of observations)
    for (const turn of observation.evidence)
      observationsByTurn.set(turn, [...(observationsByTurn.get(turn) ?? []), observation]);
  const best = (text: string, candidates: { text: string }[]) =>
    candidates.reduce((max, candidate) => Math.max(max, contentF1(text, candidate.text)), 0);

  let covered = 0;
  for (const observation of observations) {
    const candidates = observation.evidence.flatMap((turn) => byTurn.get(turn) ?? []);
    if (best(observation.text, candidates) >= COVERAGE_F1) covered++;
  }
  let matched = 0;
  const problems: { text: string; problem: string }[] = [];
  for (const fact of facts) {
    const candidates = fact.turns.flatMap((turn) => observationsByTurn.get(turn) ?? []);
    if (best(fact.text, candidates) >= PRECISION_F1) matched++;
    const problem = factProblem(fact.text, fact.subject);
    if (problem) problems.push({ text: fact.text, problem });
  }
  return {
    observations: observations.length,
    covered,
    facts: facts.length,
    matched,
    broken: problems.length,
    problems,
  };
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10;
}

function perThousand(count: number, turns: number): number {
  return turns === 0 ? 0 : Math.round((10_000 * count) / turns) / 10;
}

/** The figures of one or more conversations' tallies. */
export function scoreTallies(tallies: ConversationTally[]): FactsScore {
  const sum = (key: keyof Omit<ConversationTally, "id">) => tallies.reduce((n, t) => n + t[key], 0);
  const turns = sum("turns");
  return {
    coverage: percent(sum("covered"), sum("observations")),
    precision: percent(sum("matched"), sum("facts")),
    broken: percent(sum("broken"), sum("facts")),
    entitiesInObservations: percent(sum("namedEntitiesObserved"), sum("namedEntities")),
    perThousandTurns: {
      facts: perThousand(sum("facts"), turns),
      entities: perThousand(sum("entities"), turns),
      relations: perThousand(sum("relations"), turns),
    },
    msPerTurn: turns === 0 ? 0 : Math.round((100 * sum("derivationMs")) / turns) / 100,
  };
}

/** A pair of engines on fresh stores: one derives facts, the other does not (the cost baseline). */
export interface FactsEvalEngines {
  withFacts: Engine;
  withoutFacts: Engine;
}

export interface FactsEvalOptions {
  locomoPath: string;
  observationsPath: string;
  /** Fresh engines for one conversation; closed by the harness. */
  createEngines: (conversationId: string) => FactsEvalEngines | Promise<FactsEvalEngines>;
  /** Only the first n conversations. */
  limit?: number;
  onProgress?: (message: string) => void;
  /** With a language model the warm-up is skipped: it would spend a call. */
  languageModelConfigured?: boolean;
  /** Called with each conversation's broken facts and why (for inspection). */
  onProblems?: (conversationId: string, problems: { text: string; problem: string }[]) => void;
}

/** The facts an engine derived in a conversation's scope, with the dialogue ids of the turns behind each. */
async function derivedFacts(engine: Engine, conversation: LocomoConversation): Promise<DerivedFact[]> {
  const facts = await engine.facts({ user: conversation.id, all: true });
  const episodeIds = [...new Set(facts.flatMap((f) => f.sources))];
  const episodes = await engine.store.get("default", episodeIds);
  const turnsOf = new Map(
    episodes.map((e) => [e.id, e.sources.flatMap((s) => (s.source === null ? [] : [s.source]))]),
  );
  return facts.map((fact) => ({
    text: fact.text,
    subject: fact.subject,
    turns: [...new Set(fact.sources.flatMap((id) => turnsOf.get(id) ?? []))],
  }));
}

/** Remember a conversation session by session in both engines, interleaved; returns the derivation's wall and CPU ms. */
async function rememberBoth(
  engines: FactsEvalEngines,
  conversation: LocomoConversation,
  llm: { calls: number; promptTokens: number; completionTokens: number },
): Promise<{ derivationMs: number; derivationCpuMs: number }> {
  const sessions = new Map<number, LocomoConversation["turns"]>();
  for (const turn of conversation.turns)
    sessions.set(turn.session, [...(sessions.get(turn.session) ?? []), turn]);
  let derivationMs = 0;
  let derivationCpuMs = 0;
  let order = 0;
  for (const [session, turns] of sessions) {
    const items = turns.map((turn) => ({
      text: turnText(turn),
      user: conversation.id,
      session: `session_${session}`,
      speaker: turn.speaker,
      at: turn.at,
      source: turn.diaId,
    }));
    // alternate which engine goes first, so a warm cache or a busy moment favours neither
    const timed = async (engine: Engine) => {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const result = await engine.remember(items);
      const used = process.cpuUsage(cpu);
      return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, result };
    };
    const first = order++ % 2 === 0;
    const a = await timed(first ? engines.withFacts : engines.withoutFacts);
    const b = await timed(first ? engines.withoutFacts : engines.withFacts);
    const withFacts = first ? a : b;
    const without = first ? b : a;
    derivationMs += withFacts.ms - without.ms;
    derivationCpuMs += withFacts.cpuMs - without.cpuMs;
    const usage = withFacts.result.knowledge?.llm;
    if (usage) {
      llm.calls += usage.calls;
      llm.promptTokens += usage.promptTokens;
      llm.completionTokens += usage.completionTokens;
    }
  }
  return { derivationMs, derivationCpuMs };
}

/** Remember one conversation in both engines and measure what the one deriving facts derived. */
export async function evaluateConversation(
  conversation: LocomoConversation,
  observations: Observation[],
  engines: FactsEvalEngines,
  llm: { calls: number; promptTokens: number; completionTokens: number },
): Promise<ConversationTally & { problems: { text: string; problem: string }[] }> {
  const { derivationMs, derivationCpuMs } = await rememberBoth(engines, conversation, llm);
  const facts = await derivedFacts(engines.withFacts, conversation);
  const tally = tallyFacts(observations, facts);
  const graph = engines.withFacts.store.graph;
  const scope = { tenant: "default", user: conversation.id, agent: null };
  const entities = graph ? await graph.entities(scope) : [];
  const named = entities.filter((e) => e.entityType !== "thing");
  const observed = observations.map((o) => o.text.toLowerCase()).join("\n");
  return {
    id: conversation.id,
    turns: conversation.turns.length,
    ...tally,
    entities: entities.length,
    namedEntities: named.length,
    namedEntitiesObserved: named.filter((e) =>
      [e.name, ...e.aliases].some((name) => hasWholeWord(observed, name.toLowerCase())),
    ).length,
    relations: graph ? (await graph.relations(scope, { includeRetired: true })).length : 0,
    derivationMs: Math.max(0, derivationMs),
    derivationCpuMs: Math.max(0, derivationCpuMs),
  };
}

/** The report of a run's tallies: overall and one row per conversation. */
export function reportFromTallies(
  tallies: ConversationTally[],
  llm?: { calls: number; promptTokens: number; completionTokens: number },
): FactsReport {
  return {
    ...scoreTallies(tallies),
    conversations: tallies.map((tally) => ({
      id: tally.id,
      turns: tally.turns,
      observations: tally.observations,
      facts: tally.facts,
      ...scoreTallies([tally]),
    })),
    ...(llm && llm.calls > 0 ? { llm } : {}),
  };
}

/** The conversations of a LoCoMo file paired with their observations; a file with none of them is refused. */
export function loadFactsEvalData(
  locomoPath: string,
  observationsPath: string,
  limit?: number,
): { conversation: LocomoConversation; observations: Observation[] }[] {
  const data = loadLocomo(locomoPath);
  const observations = loadObservations(observationsPath);
  const conversations = data.conversations.slice(0, limit ?? data.conversations.length);
  const paired = conversations.flatMap((conversation) => {
    const own = observations.get(conversation.id);
    return own ? [{ conversation, observations: own }] : [];
  });
  if (paired.length === 0)
    throw invalidInput(
      `the observations file ${observationsPath} has none of the conversations of ${locomoPath} (${conversations
        .slice(0, 3)
        .map((c) => c.id)
        .join(", ")}): pass the observations of the same conversations`,
    );
  return paired;
}

/**
 * Load what derivation loads on first use (the parsers' models, a few hundred ms) before anything is timed: one
 * English and one Chinese turn remembered by a throwaway pair of engines.
 */
export async function warmUp(engines: FactsEvalEngines): Promise<void> {
  const turns = [
    {
      text: "Hey Mel! I went to Paris yesterday with my sister Anna.",
      speaker: "Ana",
      session: "w",
      user: "w",
    },
    { text: "我昨天和妹妹去了西湖。", speaker: "Mel", session: "w", user: "w" },
  ];
  try {
    await engines.withFacts.remember(turns);
    await engines.withoutFacts.remember(turns);
  } finally {
    await engines.withFacts.close();
    await engines.withoutFacts.close();
  }
}

/**
 * Run the measure over a LoCoMo file and its observations.
 * @example
 * const report = await runFactsEval({ locomoPath, observationsPath, createEngines: (id) => twoEngines(id) });
 */
export async function runFactsEval(options: FactsEvalOptions): Promise<FactsReport> {
  const paired = loadFactsEvalData(options.locomoPath, options.observationsPath, options.limit);
  const tallies: ConversationTally[] = [];
  const llm = { calls: 0, promptTokens: 0, completionTokens: 0 };
  if (!options.languageModelConfigured) await warmUp(await options.createEngines("warm-up"));
  for (const { conversation, observations } of paired) {
    const engines = await options.createEngines(conversation.id);
    try {
      const { problems, ...tally } = await evaluateConversation(conversation, observations, engines, llm);
      options.onProblems?.(conversation.id, problems);
      tallies.push(tally);
      options.onProgress?.(
        `${conversation.id}: ${tally.turns} turns, ${tally.facts} facts, ${tally.observations} observations`,
      );
    } finally {
      await engines.withFacts.close();
      await engines.withoutFacts.close();
    }
  }
  return reportFromTallies(tallies, llm);
}

/** The report as a Markdown table: one row per conversation and one for all. */
export function formatFactsReport(report: FactsReport): string {
  const header =
    "| conversation | turns | observations | facts | coverage % | precision % | broken % | facts /1k turns | entities /1k | named entities in observations % | relations /1k | ms/turn |";
  const rule = `|${"---|".repeat(12)}`;
  const row = (
    name: string,
    score: FactsScore,
    counts: { turns: number | string; observations: number | string; facts: number | string },
  ) =>
    `| ${name} | ${counts.turns} | ${counts.observations} | ${counts.facts} | ${score.coverage} | ${score.precision} | ${score.broken} | ${score.perThousandTurns.facts} | ${score.perThousandTurns.entities} | ${score.entitiesInObservations} | ${score.perThousandTurns.relations} | ${score.msPerTurn} |`;
  const total = (key: "turns" | "observations" | "facts") =>
    report.conversations.reduce((n, c) => n + c[key], 0);
  const lines = [
    header,
    rule,
    ...report.conversations.map((c) => row(c.id, c, c)),
    row("all", report, { turns: total("turns"), observations: total("observations"), facts: total("facts") }),
  ];
  if (report.llm)
    lines.push(
      "",
      `LLM: ${report.llm.calls} calls, ${report.llm.promptTokens} prompt and ${report.llm.completionTokens} completion tokens`,
    );
  return lines.join("\n");
}
