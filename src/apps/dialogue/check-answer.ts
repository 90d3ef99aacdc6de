/** "Do I like running?", 我对花生过敏吗？: yes or no from the values a predicate holds (a dislike says no). */
import type { Engine } from "../../core/index.js";
import { ENDED } from "../../text/facts/index.js";
import { hasHan } from "../../text/index.js";
import { answerSentence } from "./answer-sentence.js";
import type { FactQuestion } from "./fact-question.js";
import { type AnswerScope, type MemoryAnswer, newestFirst, unlessAbsent, valueSaid } from "./fact-reading.js";

/** Words a yes-or-no question's value is matched by: lower case, singular, no article or possessive. */
function checkWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}'’-]+/u)
    .filter((word) => word.length > 0 && !/^(?:a|an|the|my|our|your|some|any|to)$/u.test(word))
    .map((word) => word.replace(/(?:'s|’s|s)$/u, ""));
}

/** Whether a fact's value names what a yes-or-no question asks of ("spicy food" of "Do I like spicy food?"). */
function namesChecked(object: string, check: string): boolean {
  if (hasHan(check)) return object.includes(check) || (hasHan(object) && check.includes(object));
  const asked = checkWords(check);
  const told = new Set(checkWords(object));
  return asked.length > 0 && asked.every((word) => told.has(word));
}

/**
 * "Do I like running?", "am I allergic to nuts?", 我喜欢吃辣吗？: yes when a current value names it ("Yes, you like
 * running and swimming."), no when a dislike does ("No, you dislike spicy food."); null when nothing told says.
 */
export async function checkAnswer(
  engine: Engine,
  question: FactQuestion,
  scope: AnswerScope,
  subject: string,
  check: string,
): Promise<MemoryAnswer | null> {
  const opposite = question.predicate === "likes" ? "dislikes" : null;
  const read = async (predicate: string) =>
    ((await unlessAbsent(() => engine.facts({ ...scope, subject, predicate }))) ?? [])
      .filter((fact) => fact.object !== ENDED && namesChecked(fact.object, check))
      .sort(newestFirst);
  const yes = await read(question.predicate);
  const no = opposite ? await read(opposite) : [];
  // the newer telling holds when both were told ("I love running" after "I hate running")
  const newest = [...yes, ...no].sort(newestFirst)[0];
  if (!newest) return null;
  const agrees = yes.includes(newest);
  const sentence = answerSentence(
    { ...question, predicate: agrees ? question.predicate : (opposite as string) },
    [valueSaid(newest, question)],
  );
  if (question.language === "zh") return { text: `${agrees ? "是的" : "不"}，${sentence}`, facts: [newest] };
  return { text: `${agrees ? "Yes" : "No"}, ${sentence.replace(/^You(r?)\b/u, "you$1")}`, facts: [newest] };
}
