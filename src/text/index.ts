/** Language-aware text processing: scripts, stop words, stemming, Chinese segmentation, index terms, normalisation. */
export { cutChinese, getJieba } from "./jieba.js";
export { breakLongRuns, MAX_RUN_LENGTH } from "./long-runs.js";
export { normalizeText, textHash } from "./normalize.js";
export { resolvePronouns } from "./pronouns.js";
export { hasHan, isMostlyLatin, latinShare } from "./script.js";
export { stem } from "./stem.js";
export { CHINESE_STOPWORDS, ENGLISH_STOPWORDS, isStopword } from "./stopwords.js";
export { lexicalTerms, queryTerms } from "./terms.js";
export { escapeRegExp, hasWholeWord } from "./whole-word.js";
