/**
 * Documents into segments: windows of a few consecutive sentences that overlap by a sentence, so that an answer
 * near a boundary is whole in at least one segment. A segment is what a prompt would hold, not a whole document.
 */
import { invalidInput } from "../../spec/errors.js";
import { type Sentence, splitSentences } from "./sentences.js";

export interface SegmentOptions {
  /** Sentences per segment at most. Default 3. */
  maxSentences?: number;
  /** Sentences shared by consecutive segments. Default 1. */
  overlapSentences?: number;
  /** Characters per segment at most; a single longer sentence is a segment of its own. Default 400. */
  maxChars?: number;
}

/** A segment of a document: `text` is `document.slice(start, end)`. */
export interface Segment {
  /** 0-based position among the document's segments. */
  index: number;
  text: string;
  start: number;
  end: number;
  sentences: Sentence[];
}

export const DEFAULT_SEGMENT_OPTIONS: Required<SegmentOptions> = {
  maxSentences: 3,
  overlapSentences: 1,
  maxChars: 400,
};

/**
 * Split a document into overlapping segments of a few sentences.
 * @example segmentText("A. B. C. D.", { maxSentences: 2, overlapSentences: 1 }).map((s) => s.text) // ["A. B.", "B. C.", "C. D."]
 */
export function segmentText(text: string, options: SegmentOptions = {}): Segment[] {
  const { maxSentences, overlapSentences, maxChars } = { ...DEFAULT_SEGMENT_OPTIONS, ...options };
  if (!Number.isInteger(maxSentences) || maxSentences < 1)
    throw invalidInput(`maxSentences must be a whole number ≥ 1, got ${maxSentences}`, "segment options");
  if (!Number.isInteger(overlapSentences) || overlapSentences < 0 || overlapSentences >= maxSentences)
    throw invalidInput(
      `overlapSentences must be a whole number from 0 to maxSentences − 1 (${maxSentences - 1}), got ${overlapSentences}`,
      "segment options",
    );
  if (!(maxChars > 0)) throw invalidInput(`maxChars must be positive, got ${maxChars}`, "segment options");

  const sentences = splitSentences(text);
  const segments: Segment[] = [];
  let first = 0;
  while (first < sentences.length) {
    // Grow the window while it has room, always taking at least one sentence.
    let last = first;
    while (
      last + 1 < sentences.length &&
      last + 1 - first < maxSentences &&
      (sentences[last + 1] as Sentence).end - (sentences[first] as Sentence).start <= maxChars
    )
      last++;
    const window = sentences.slice(first, last + 1);
    const start = (window[0] as Sentence).start;
    const end = (window[window.length - 1] as Sentence).end;
    segments.push({ index: segments.length, text: text.slice(start, end), start, end, sentences: window });
    if (last === sentences.length - 1) break;
    // Step so that the next window shares `overlapSentences` with this one, and always moves forward.
    first = Math.max(first + 1, last + 1 - overlapSentences);
  }
  return segments;
}
