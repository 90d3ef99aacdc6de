/**
 * Reading comprehension over Engram: documents are split into overlapping segments of a few sentences and
 * remembered as "segment" memories (source = file#start-end); a question attends to the segments (engine.recall)
 * and is answered from the best of them — extractively without an LLM, or by an LLM that cites them.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative } from "node:path";
import type { Engine } from "../../core/index.js";
import { EngramError, invalidInput } from "../../spec/errors.js";
import type { LanguageModel } from "../../spec/language-model.js";
import type { Scope } from "../../spec/memory.js";
import { type ExtractedAnswer, extractAnswer } from "./answer-extractor.js";
import { buildAnswerPrompt, parseCitations } from "./answer-prompt.js";
import { type Segment, type SegmentOptions, segmentText } from "./segmenter.js";

export interface ReadingAppOptions {
  /** Where segments live; default the default tenant with no user. */
  scope?: Scope;
  segments?: SegmentOptions;
}

export interface IngestedDocument {
  document: string;
  segments: number;
  inserted: number;
  reinforced: number;
  /** Characters of the document. */
  chars: number;
  /** Characters of the segments stored as new memories. */
  segmentChars: number;
}

export interface IngestResult {
  documents: IngestedDocument[];
  segments: number;
  inserted: number;
  reinforced: number;
}

/** A segment as an answer cites it. */
export interface CitedSegment {
  /** 1-based number used in the prompt and in citations ("[2]"). */
  n: number;
  id: string;
  text: string;
  weight: number;
  score: number;
  document: string | null;
  start: number | null;
  end: number | null;
  source: string | null;
  /** Every source of the memory: more than one when the write gate merged a repeated segment. */
  sources: string[];
}

export interface ReadingAnswer {
  text: string;
  method: "extractive" | "llm";
  /** The segments the answer rests on, by `n`. */
  citations: number[];
  /** The extractive span: segment and offsets in the document, when known. */
  span?: {
    segmentId: string;
    document: string | null;
    start: number | null;
    end: number | null;
    sentence: string;
  };
}

export interface AskResult {
  question: string;
  segments: CitedSegment[];
  /** null when nothing was found to answer from. */
  answer: ReadingAnswer | null;
  recallMs: number;
}

export interface AskOptions {
  /** Segments to attend to and return. Default 5. */
  k?: number;
  /** With a model, the answer is written by it from the segments and cites them. */
  model?: LanguageModel;
}

export interface ReadingApp {
  /** Segment one document's text and remember its segments; `document` names it in sources. */
  ingestText(text: string, document: string): Promise<IngestedDocument>;
  /** Ingest a UTF-8 text or Markdown file, or every such file under a folder (recursively, sorted). */
  ingestPath(path: string): Promise<IngestResult>;
  ask(question: string, options?: AskOptions): Promise<AskResult>;
}

const READABLE = new Set([".txt", ".md", ".markdown", ".text"]);

/** The source string of a segment: "<document>#<start>-<end>" (character offsets). */
export function segmentSource(document: string, segment: Pick<Segment, "start" | "end">): string {
  return `${document}#${segment.start}-${segment.end}`;
}

/** The document and offsets a segment source names, or null when it is not one. */
export function parseSegmentSource(
  source: string | null,
): { document: string; start: number; end: number } | null {
  const match = source ? /^(.*)#(\d+)-(\d+)$/su.exec(source) : null;
  return match ? { document: match[1] as string, start: Number(match[2]), end: Number(match[3]) } : null;
}

/**
 * A reading-comprehension app over an engine.
 * @example
 * const reading = createReadingApp(engine);
 * await reading.ingestPath("docs/");
 * const { answer, segments } = await reading.ask("When was the bridge opened?");
 */
export function createReadingApp(engine: Engine, options: ReadingAppOptions = {}): ReadingApp {
  const scope = options.scope ?? {};

  async function ingestText(text: string, document: string): Promise<IngestedDocument> {
    const segments = segmentText(text, options.segments);
    if (segments.length === 0)
      return { document, segments: 0, inserted: 0, reinforced: 0, chars: text.length, segmentChars: 0 };
    // One transaction per document: a document is in the store whole or not at all.
    const result = await engine.remember(
      segments.map((segment) => ({
        ...scope,
        text: segment.text,
        kind: "segment" as const,
        source: segmentSource(document, segment),
        metadata: { document, start: segment.start, end: segment.end, segment: segment.index },
      })),
    );
    const segmentChars = result.items.reduce(
      (sum, item, i) => sum + (item.action === "inserted" ? (segments[i] as Segment).text.length : 0),
      0,
    );
    return {
      document,
      segments: segments.length,
      inserted: result.inserted,
      reinforced: result.reinforced,
      chars: text.length,
      segmentChars,
    };
  }

  return {
    ingestText,

    async ingestPath(path) {
      const files = readableFiles(path);
      const documents: IngestedDocument[] = [];
      for (const file of files) {
        let text: string;
        try {
          text = new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(file.absolute));
        } catch (error) {
          throw invalidInput(`${file.name} is not UTF-8 text: convert it to UTF-8 first`, file.name, error);
        }
        documents.push(await ingestText(text.replace(/^\uFEFF/u, ""), file.name));
      }
      return {
        documents,
        segments: documents.reduce((n, d) => n + d.segments, 0),
        inserted: documents.reduce((n, d) => n + d.inserted, 0),
        reinforced: documents.reduce((n, d) => n + d.reinforced, 0),
      };
    },

    async ask(question, askOptions = {}) {
      const k = askOptions.k ?? 5;
      const recall = await engine.recall({ ...scope, query: question, k, kinds: ["segment"] });
      const segments: CitedSegment[] = recall.results.map((memory, i) => {
        const origin = parseSegmentSource(memory.source);
        return {
          n: i + 1,
          id: memory.id,
          text: memory.text,
          weight: memory.weight,
          score: memory.score,
          document: origin?.document ?? null,
          start: origin?.start ?? null,
          end: origin?.end ?? null,
          source: memory.source,
          sources: memory.sources.flatMap((s) => (s.source === null ? [] : [s.source])),
        };
      });
      const answer = askOptions.model
        ? await answerWithModel(question, segments, askOptions.model)
        : extractiveAnswer(question, segments);
      return { question: recall.query, segments, answer, recallMs: recall.tookMs };
    },
  };
}

function extractiveAnswer(question: string, segments: CitedSegment[]): ReadingAnswer | null {
  const extracted: ExtractedAnswer | null = extractAnswer(
    question,
    segments.map((s) => ({ id: s.id, text: s.text, weight: s.weight })),
  );
  if (!extracted) return null;
  const segment = segments.find((s) => s.id === extracted.sourceId) as CitedSegment;
  return {
    text: extracted.text,
    method: "extractive",
    citations: [segment.n],
    span: {
      segmentId: segment.id,
      document: segment.document,
      start: segment.start === null ? null : segment.start + extracted.start,
      end: segment.start === null ? null : segment.start + extracted.end,
      sentence: extracted.sentence,
    },
  };
}

async function answerWithModel(
  question: string,
  segments: CitedSegment[],
  model: LanguageModel,
): Promise<ReadingAnswer | null> {
  if (segments.length === 0) return null;
  let text: string;
  try {
    text = (
      await model.complete({
        messages: [{ role: "user", content: buildAnswerPrompt(question, segments) }],
        temperature: 0,
      })
    ).text.trim();
  } catch (error) {
    if (EngramError.isInstance(error)) throw error;
    throw new EngramError({
      code: "provider_failure",
      category: "provider",
      message: `the language model failed to answer (${(error as Error)?.message ?? String(error)}): check its URL and key, or ask without an LLM`,
      cause: error,
    });
  }
  return { text, method: "llm", citations: parseCitations(text, segments.length) };
}

/** The readable files at `path` (a file, or a folder searched recursively), in a stable order. */
function readableFiles(path: string): { absolute: string; name: string }[] {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch (error) {
    throw invalidInput(`no file or folder at ${path}: check the path`, path, error);
  }
  if (stats.isFile()) return [{ absolute: path, name: path }];
  const files: { absolute: string; name: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith(".")) walk(full);
      else if (entry.isFile() && READABLE.has(extname(entry.name).toLowerCase()))
        files.push({ absolute: full, name: join(path, relative(path, full)) });
    }
  };
  walk(path);
  if (files.length === 0)
    throw invalidInput(
      `no .txt or .md files under ${path}: point at a file or a folder of text documents`,
      path,
    );
  return files;
}
