/** Reading comprehension: segmenting, ingesting, asking, and the SQuAD and bAbI evaluations. */
export type { AnswerSource, AnswerType, ExtractedAnswer, QuestionAnalysis } from "./answer-extractor.js";
export { analyzeQuestion, extractAnswer } from "./answer-extractor.js";
export { answerTokens, exactMatch, f1Score, normalizeAnswer } from "./answer-metrics.js";
export { buildAnswerPrompt, parseCitations } from "./answer-prompt.js";
export type { BabiEvalOptions, BabiQuestion, BabiReport, BabiStory, BabiTaskReport } from "./babi-eval.js";
export { babiTaskFiles, evaluateBabi, parseBabi } from "./babi-eval.js";
export type {
  AskOptions,
  AskResult,
  CitedSegment,
  IngestedDocument,
  IngestResult,
  ReadingAnswer,
  ReadingApp,
  ReadingAppOptions,
} from "./reading-app.js";
export { createReadingApp, parseSegmentSource, segmentSource } from "./reading-app.js";
export type { SquadEvalOptions, SquadEvalReport, SquadFile, SquadQuestionResult } from "./reading-eval.js";
export { evaluateSquad, parseSquad } from "./reading-eval.js";
export type { Segment, SegmentOptions } from "./segmenter.js";
export { DEFAULT_SEGMENT_OPTIONS, segmentText } from "./segmenter.js";
export type { Sentence } from "./sentences.js";
export { splitSentences } from "./sentences.js";
