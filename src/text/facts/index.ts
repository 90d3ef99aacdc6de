/** Facts and entities from text, without an LLM: English and Chinese rules, dates, the predicate catalogue. */
export { CHINESE_PET_WORDS, CHINESE_RELATIVE_WORDS } from "./chinese-facts.js";
export { CHINESE_TITLES, chineseNameParts, isChineseShortFormOf } from "./chinese-mentions.js";
export { findTensedEnglishDate } from "./english-facts.js";
export { truecase, typeOfName } from "./english-mentions.js";
export { parseEnglish, type Token } from "./english-parse.js";
export { englishNumber, isLastingTrait, PET_WORDS } from "./english-rules.js";
export {
  absoluteChineseDate,
  absoluteDate,
  chineseNumber,
  dateAsNoun,
  dateSpan,
  daysSinceMonday,
  type FoundDate,
  findChineseDate,
  findEnglishDate,
  findEnglishDates,
  findTensedChineseDate,
  inTense,
} from "./extract-dates.js";
export { extractFacts } from "./extract-facts.js";
export {
  CORRECTS,
  chinesePractice,
  dayPhrase,
  ENDABLE_PREDICATES,
  ENDED,
  endedSentence,
  factSentence,
  formerSentence,
  isGroupRelation,
  isSingleValued,
  KNOWN_PREDICATES,
  noLongerSentence,
  oneRelative,
  type PredicateInfo,
  pluralVerb,
  predicateInfo,
  RELATIVE_SYNONYMS,
  RELATIVE_WORDS,
  relationOf,
  restatesItsTurn,
} from "./predicates.js";
export type {
  EntityType,
  ExtractedFact,
  ExtractedMention,
  Extraction,
  FactLink,
  Speakers,
  SubjectReference,
} from "./types.js";
export { verbForms } from "./verb-forms.js";
export { factProblem } from "./well-formed.js";
