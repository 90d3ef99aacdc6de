/**
 * The form of a question and of a candidate answer, in English and Chinese: what the question asks for (a time, a
 * person, a place, a count, yes or no) and what a text offers (a number, a name, a question of its own). Recall's
 * scorer crosses the two: a "when" question favours memories that tell a time, "how many" ones that hold a number.
 */

export interface QuestionForm {
  /** "When…", "what year…", "how long ago…", "什么时候…". */
  when: boolean;
  /** "Who…", "谁…". */
  who: boolean;
  /** "Where…", "哪里…". */
  where: boolean;
  /** "How many…", "how much…", "how often…", "多少…", "几次…". */
  howMany: boolean;
  /** A question answered yes or no, or by judgement ("Would Ana…", "Is it likely…", "…吗？"). */
  yesNo: boolean;
}

const WHEN =
  /\b(?:when|what (?:time|date|day|year|month|week)|which (?:year|month|day|week)|how long ago|since when)\b|什么时候|何时|哪一?年|哪一?天|几月|几号|多久以前/iu;
const WHO = /\b(?:who|whom|whose)\b|谁/iu;
const WHERE = /\b(?:where|which (?:city|country|place|town|state))\b|哪里|哪儿|在哪|什么地方/iu;
const HOW_MANY = /\b(?:how (?:many|much|often)|number of)\b|多少|几个|几次|几年/iu;
const YES_NO =
  /^\s*(?:would|could|should|is|are|was|were|does|do|did|can|will|has|have|might|may)\b|吗\s*[?？]?\s*$/iu;

/** What a question asks for. @example questionForm("When did Ana move?").when // true */
export function questionForm(question: string): QuestionForm {
  return {
    when: WHEN.test(question),
    who: WHO.test(question),
    where: WHERE.test(question),
    howMany: HOW_MANY.test(question),
    yesNo: YES_NO.test(question),
  };
}

/** Whether a text asks something: a question mark anywhere, ASCII or full-width ("？"). */
export function asksQuestion(text: string): boolean {
  return /[?？]/u.test(text);
}

const NUMBER =
  /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|hundred|thousand|once|twice|several|dozen|both|first|second|third)\b|[一二两三四五六七八九十百千万]/iu;

/** Whether a text holds a number, in digits or in words. */
export function hasNumber(text: string): boolean {
  return NUMBER.test(text);
}

/**
 * Whether a text names something: a capitalised word that does not start a sentence ("we drove to Lisbon"), the
 * mark of a name or a place in English. Text without capitals (Chinese, all lower case) names nothing by this test.
 */
export function namesSomething(text: string): boolean {
  for (const sentence of text.split(/[.!?。！？]+/u)) {
    const words = sentence.trim().split(/\s+/u);
    for (let i = 1; i < words.length; i++) if (/^["'([]?\p{Lu}\p{Ll}/u.test(words[i] as string)) return true;
  }
  return false;
}

/** The number of words, or of Han characters for Chinese: a text's length as a reader sees it. */
export function wordCount(text: string): number {
  let count = 0;
  for (const _ of text.matchAll(/\p{Script=Han}|[\p{L}\p{N}]+/gu)) count++;
  return count;
}
