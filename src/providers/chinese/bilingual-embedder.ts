/**
 * The default offline embedder for English and Chinese in one vector space: English (and any text without a
 * Chinese sentence) keeps the local model's vector; a Chinese sentence gets normalise(w·student + (1 − w)·gloss),
 * where the student maps its words and characters straight into the local model's space and the gloss bridge
 * embeds its dictionary glosses with the local model. Mixed text is routed a sentence at a time.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import type { Embedder } from "../../spec/embedder.js";
import { EngramError } from "../../spec/errors.js";
import { scriptSegments } from "../../text/script.js";
import { toUnitVector } from "../hash-embedder.js";
import { errorMessage, LOCAL_EMBEDDER_ID } from "../local-model.js";
import { type GlossTable, glossSentence, parseGlossTable } from "./gloss.js";
import { studentFeatures } from "./student-features.js";
import { parseStudent, type StudentModel, studentEmbed } from "./student-model.js";

/** The folder of the shipped Chinese data (package root / data / zh), from src/ and from dist/ alike. */
export const CHINESE_DATA_DIR = fileURLToPath(new URL("../../../data/zh/", import.meta.url));
export const STUDENT_FILE = "student.bin";
export const GLOSS_FILE = "cedict-glosses.tsv.gz";
/** The student file's version this code ships with; the embedder's id carries the version it actually read. */
export const CHINESE_MODEL_VERSION = "1";

export interface ChineseModel {
  student: StudentModel;
  glosses: GlossTable;
}

function readData(folder: string, file: string): Buffer {
  try {
    return readFileSync(join(folder, file));
  } catch (error) {
    throw new EngramError({
      code: "provider_failure",
      category: "provider",
      where: join(folder, file),
      message: `could not read the Chinese model's ${file} (${errorMessage(error)}): reinstall engram-memory, or set ENGRAM_EMBEDDER=local-en for English only`,
      cause: error,
    });
  }
}

/** The gloss bridge's word → gloss table from `folder`. */
export function loadGlossTable(folder: string = CHINESE_DATA_DIR): GlossTable {
  return parseGlossTable(gunzipSync(readData(folder, GLOSS_FILE)).toString("utf8"));
}

/** Reads the student and the gloss table from `folder`; a missing or damaged file fails with `provider_failure`. */
export function loadChineseModel(folder: string = CHINESE_DATA_DIR): ChineseModel {
  const student = parseStudent(readData(folder, STUDENT_FILE), join(folder, STUDENT_FILE));
  if (student.header.version !== CHINESE_MODEL_VERSION) {
    throw new EngramError({
      code: "provider_failure",
      category: "provider",
      where: join(folder, STUDENT_FILE),
      message: `the Chinese student file is version ${student.header.version}, but this Engram expects version ${CHINESE_MODEL_VERSION} (its embedder id names it): reinstall engram-memory`,
    });
  }
  return { student, glosses: loadGlossTable(folder) };
}

export interface BilingualEmbedderOptions {
  /** The English model; its vectors define the space. Default: the caller's local embedder. */
  local: Embedder;
  /** Where the student and the gloss table are; default the package's data/zh. */
  folder?: string;
  /** The student's share of a Chinese sentence's vector; default the one the weights were validated with. */
  studentWeight?: number;
}

/** The embedder id: the local model's and the Chinese weights' versions, so that two versions never mix. */
export function bilingualEmbedderId(localId: string, version: string): string {
  return `${localId}+zh@${version}`;
}

/**
 * The bilingual embedder over `local` (see the module comment). The Chinese weights (about 5 MB) load on the
 * first Chinese text, once.
 * @example
 * const embedder = createBilingualEmbedder({ local: createLocalEmbedder() });
 * const [en, zh] = await embedder.embed(["Which painters does she like?", "她喜欢什么画家？"]); // close vectors
 */
export function createBilingualEmbedder(options: BilingualEmbedderOptions): Embedder {
  const { local } = options;
  let model: ChineseModel | null = null;
  const chinese = (): ChineseModel => {
    model ??= loadChineseModel(options.folder);
    return model;
  };
  return {
    // the version is checked against the file when it loads, so the id is known before it does
    id: bilingualEmbedderId(local.id, CHINESE_MODEL_VERSION),
    dimensions: local.dimensions,
    extends: local.id === LOCAL_EMBEDDER_ID ? LOCAL_EMBEDDER_ID : undefined,
    async embed(texts) {
      const plans = texts.map((text) => scriptSegments(text));
      // English texts (and their sentences, and the Chinese sentences' glosses) go to the local model in one call
      const englishTexts: string[] = [];
      const englishIndex = new Map<string, number>();
      const ask = (text: string): number => {
        let index = englishIndex.get(text);
        if (index === undefined) {
          index = englishTexts.length;
          englishTexts.push(text);
          englishIndex.set(text, index);
        }
        return index;
      };
      type Part = { weight: number; english?: number; student?: Float32Array | null };
      const parts: (Part[] | number)[] = texts.map((text, i) => {
        const segments = plans[i] ?? [];
        if (!segments.some((segment) => segment.script === "chinese")) return ask(text);
        const zh = chinese();
        const weight = options.studentWeight ?? zh.student.header.studentWeight;
        const list: Part[] = [];
        for (const segment of segments) {
          if (segment.script === "latin") list.push({ weight: segment.weight, english: ask(segment.text) });
          if (segment.script !== "chinese") continue;
          const student = studentEmbed(zh.student, studentFeatures(segment.text));
          const gloss = glossSentence(segment.text, zh.glosses);
          list.push({ weight: segment.weight * weight, student });
          if (gloss !== "") list.push({ weight: segment.weight * (1 - weight), english: ask(gloss) });
        }
        return list;
      });
      const englishVectors = englishTexts.length > 0 ? await local.embed(englishTexts) : [];
      return parts.map((part) => {
        if (typeof part === "number") return englishVectors[part] ?? null;
        const sum = new Float32Array(local.dimensions);
        let any = false;
        for (const piece of part) {
          const vector = piece.english !== undefined ? englishVectors[piece.english] : piece.student;
          if (!vector) continue;
          any = true;
          for (let d = 0; d < sum.length; d++)
            sum[d] = (sum[d] as number) + piece.weight * (vector[d] as number);
        }
        return any ? toUnitVector(sum) : null;
      });
    },
    close: () => local.close?.() ?? Promise.resolve(),
  };
}
