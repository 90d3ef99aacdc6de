/** Reading comprehension: segmenting, ingesting, asking, and the SQuAD and bAbI evaluations. */
export type { AnswerSource, AnswerType, ExtractedAnswer, QuestionAnalysis } from "./answer-extractor.js";
export { analyzeQuestion, extractAnswer } from "./answer-extractor.js";
export { answerTokens, exactMatch, f1Score, normalizeAnswer } from "./answer-metrics.js";
export { buildAnswerPrompt, parseCitations } from "./answer-prompt.js";
export type { BabiEvalOptions, BabiQuestion, BabiReport, BabiStory, BabiTaskReport } from "./babi-eval.js";
export { babiTaskFiles, evaluateBabi, parseBabi } from "./babi-eval.js";
export type { StoryAnswer, StoryLine, StoryQuestion } from "./memn2n-answer.js";
export { answerStory, parseStoryFile } from "./memn2n-answer.js";
export type { BabiExamples, BabiTask, BabiVocabulary } from "./memn2n-babi.js";
export {
  babiExamples,
  babiShape,
  buildBabiVocabulary,
  loadBabiTasks,
  splitValidation,
  tokenizeBabi,
} from "./memn2n-babi.js";
export type {
  Memn2nEvalOptions,
  Memn2nModelResult,
  Memn2nReport,
  Memn2nSelection,
  Memn2nTaskResult,
} from "./memn2n-eval.js";
export {
  evaluateMemn2n,
  FAILED_ABOVE,
  formatMemn2n,
  MEMN2N_PAPER,
  memn2nJson,
  selectRun,
  summarise,
} from "./memn2n-eval.js";
export type { BabiData, Memn2nJob, Memn2nJobResult, Memn2nModelOptions } from "./memn2n-job.js";
export { memn2nConfig, prepareBabiData, runMemn2nJob, threadCpuSeconds } from "./memn2n-job.js";
export type { Memn2nModel, Memn2nModelFile } from "./memn2n-model-file.js";
export {
  MEMN2N_FORMAT,
  MEMN2N_VERSION,
  memn2nModelFromJson,
  readMemn2nModel,
  writeMemn2nModel,
} from "./memn2n-model-file.js";
export { defaultWorkers, runMemn2nJobs } from "./memn2n-runner.js";
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
