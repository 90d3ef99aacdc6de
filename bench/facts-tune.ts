/**
 * The one constant of the English fact rules fitted on data, chosen with leave-one-conversation-out: how many content
 * words a statement needs (MIN_CONTENT_WORDS). For each held-out conversation the value that maximises the harmonic
 * mean of coverage and silver precision on the other four is applied to it; the out-of-fold figures are printed beside
 * the in-sample ones (the value chosen on all five). Extraction only (no store), so it runs in seconds.
 * Usage: npm run bench:facts-tune
 */
import {
  type ConversationTally,
  loadFactsEvalData,
  type Observation,
  scoreTallies,
  tallyFacts,
} from "../src/evaluation/facts-eval.js";
import { turnText } from "../src/evaluation/locomo.js";
import type { LocomoConversation } from "../src/evaluation/locomo-data.js";
import { extractEnglish } from "../src/text/facts/english-facts.js";
import { MIN_CONTENT_WORDS } from "../src/text/facts/english-rules.js";
import { factSentence } from "../src/text/facts/index.js";
import { dataFile, describeMachine } from "./common.js";

const locomo = dataFile("locomo", "locomo-dev.json");
const observationsFile = dataFile("locomo", "locomo-dev-observations.json");
if (!locomo || !observationsFile) {
  console.log(
    "LoCoMo dev or its observations are not in ../shared/data/locomo (or $ENGRAM_DATA_DIR): skipped.",
  );
  process.exit(0);
}

const CANDIDATES = [1, 2, 3, 4, 5];

/** One conversation's tally with the rules at one setting (facts per turn, as the derivation would give them). */
function tallyWith(
  conversation: LocomoConversation,
  observations: Observation[],
  minContentWords: number,
): ConversationTally {
  const sessions = new Map<number, LocomoConversation["turns"]>();
  for (const turn of conversation.turns)
    sessions.set(turn.session, [...(sessions.get(turn.session) ?? []), turn]);
  const facts = [...sessions.values()].flatMap((turns) =>
    turns.flatMap((turn, i) => {
      const addressee =
        [turns[i - 1], turns[i + 1]].find((other) => other && other.speaker !== turn.speaker)?.speaker ??
        null;
      const { facts } = extractEnglish(
        turnText(turn),
        turn.at,
        { speaker: turn.speaker, addressee },
        { minContentWords },
      );
      return facts.map((fact) => {
        const subject = fact.subject.kind === "named" ? fact.subject.name : turn.speaker;
        return {
          text: fact.text ?? factSentence(fact.predicate, subject, fact.object, fact.language),
          subject,
          turns: [turn.diaId],
        };
      });
    }),
  );
  const { problems: _, ...tally } = tallyFacts(observations, facts);
  return {
    id: conversation.id,
    turns: conversation.turns.length,
    ...tally,
    entities: 0,
    namedEntities: 0,
    namedEntitiesObserved: 0,
    relations: 0,
    derivationMs: 0,
    derivationCpuMs: 0,
  };
}

const objective = (tallies: ConversationTally[]) => {
  const { coverage, precision } = scoreTallies(tallies);
  return coverage + precision === 0 ? 0 : (2 * coverage * precision) / (coverage + precision);
};

const paired = loadFactsEvalData(locomo, observationsFile);
const grid = new Map(
  CANDIDATES.map((m) => [
    m,
    paired.map(({ conversation, observations }) => tallyWith(conversation, observations, m)),
  ]),
);
console.log(`bench:facts-tune — ${describeMachine()}`);
console.log("\n| min content words | coverage % | precision % | harmonic mean |\n|---|---|---|---|");
for (const [m, tallies] of grid) {
  const score = scoreTallies(tallies);
  console.log(`| ${m} | ${score.coverage} | ${score.precision} | ${objective(tallies).toFixed(1)} |`);
}

const outOfFold: ConversationTally[] = [];
const chosen: string[] = [];
paired.forEach(({ conversation }, held) => {
  const best = CANDIDATES.reduce((a, b) => {
    const train = (m: number) => (grid.get(m) ?? []).filter((_, i) => i !== held);
    return objective(train(b)) > objective(train(a)) ? b : a;
  });
  chosen.push(`${conversation.id}: ${best}`);
  const tally = grid.get(best)?.[held];
  if (tally) outOfFold.push(tally);
});
const inSampleBest = CANDIDATES.reduce((a, b) =>
  objective(grid.get(b) ?? []) > objective(grid.get(a) ?? []) ? b : a,
);
const inSample = scoreTallies(grid.get(inSampleBest) ?? []);
const oof = scoreTallies(outOfFold);
console.log(`\nchosen per held-out conversation: ${chosen.join(", ")}`);
console.log(
  `in-sample (min ${inSampleBest} on all five): coverage ${inSample.coverage}%, precision ${inSample.precision}%`,
);
console.log(
  `out-of-fold (leave one conversation out): coverage ${oof.coverage}%, precision ${oof.precision}%`,
);
console.log(`shipped MIN_CONTENT_WORDS = ${MIN_CONTENT_WORDS}`);
