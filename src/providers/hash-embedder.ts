/** A deterministic, dependency-free embedder: signed feature hashing of words and character 3-grams. For tests, benchmarks and any script. */
import type { Embedder } from "../spec/embedder.js";
import { EngramError } from "../spec/errors.js";
import { isAscii, isAsciiWordUnit } from "../text/script.js";

export interface HashEmbedderOptions {
  /** Number of hash buckets, which is the vector size. Default 512. */
  dimensions?: number;
}

const WORD_WEIGHT = 1;
const TRIGRAM_WEIGHT = 0.5;
/** Runs of letters, marks and digits: the words of space-separated scripts, whole clauses of Chinese. */
const RUN = /[\p{L}\p{M}\p{N}]+/gu;
/** Scripts written without spaces: each character counts as a word of its own. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** Namespaces keep a word and a trigram with the same letters in different buckets. */
const WORD_SEED = 0x811c9dc5;
const TRIGRAM_SEED = 0x01000193 ^ 0x811c9dc5;
/** Boundary marker around each run, so "cat" yields " ca" and "at " as well as "cat". */
const BOUNDARY = 0x20;

/**
 * Scales `values` to unit length as a Float32Array, or returns null when the vector is zero or not finite
 * (a zero vector has no direction, so it cannot stand for any text).
 */
export function toUnitVector(values: ArrayLike<number>): Float32Array | null {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    sum += value * value;
  }
  if (!(sum > 0) || !Number.isFinite(sum)) return null;
  const scale = 1 / Math.sqrt(sum);
  const vector = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) vector[i] = (values[i] as number) * scale;
  return vector;
}

/** FNV-1a over UTF-16 code units of text[start, end), with a boundary code unit before/after when asked, then a murmur3 finaliser so every bit mixes. */
function hashRange(
  text: string,
  start: number,
  end: number,
  seed: number,
  lead: boolean,
  trail: boolean,
): number {
  let hash = seed;
  if (lead) hash = Math.imul(hash ^ BOUNDARY, 0x01000193);
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  if (trail) hash = Math.imul(hash ^ BOUNDARY, 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

function addFeature(vector: Float64Array, hash: number, weight: number): void {
  // The low bit picks the sign (so collisions cancel on average instead of piling up); the rest picks the bucket.
  const bucket = (hash >>> 1) % vector.length;
  vector[bucket] = (vector[bucket] as number) + (hash & 1 ? -weight : weight);
}

/** The trigrams of the run text[from, to). */
function addTrigrams(vector: Float64Array, text: string, from: number, to: number): void {
  // Trigrams over " run " (a one-letter run gives " a "), without building the padded string.
  const length = to - from;
  for (let start = -1; start + 3 <= length + 1; start++) {
    const lead = start < 0;
    const trail = start + 3 > length;
    const begin = lead ? 0 : start;
    const end = trail ? length : start + 3;
    addFeature(vector, hashRange(text, from + begin, from + end, TRIGRAM_SEED, lead, trail), TRIGRAM_WEIGHT);
  }
}

/** The vector of one text, summed in `vector` (zeroed first: one scratch array per embedder, not 4 KiB per text). */
function embedOne(text: string, vector: Float64Array): Float32Array | null {
  vector.fill(0);
  const lower = text.normalize("NFKC").toLowerCase();
  if (isAscii(lower)) {
    // an ASCII text's runs are runs of ASCII letters and digits (RUN's classes): the same runs as RUN finds, in
    // order, read in place, with no match object or substring per word
    let start = -1;
    for (let i = 0; i <= lower.length; i++) {
      const inRun = i < lower.length && isAsciiWordUnit(lower.charCodeAt(i));
      if (inRun && start < 0) start = i;
      else if (!inRun && start >= 0) {
        addFeature(vector, hashRange(lower, start, i, WORD_SEED, false, false), WORD_WEIGHT);
        addTrigrams(vector, lower, start, i);
        start = -1;
      }
    }
    return toUnitVector(vector);
  }
  for (const match of lower.matchAll(RUN)) {
    const run = match[0];
    if (UNSPACED.test(run)) {
      // Chinese and Japanese have no spaces: characters are the words, trigrams carry the order.
      for (const character of run)
        addFeature(vector, hashRange(character, 0, character.length, WORD_SEED, false, false), WORD_WEIGHT);
    } else {
      addFeature(vector, hashRange(run, 0, run.length, WORD_SEED, false, false), WORD_WEIGHT);
    }
    addTrigrams(vector, run, 0, run.length);
  }
  return toUnitVector(vector);
}

/**
 * A deterministic embedder with no model: lowercase words (weight 1) and character 3-grams with boundary markers
 * (weight 0.5) hashed into `dimensions` signed buckets, then L2-normalised. Lexical, not semantic, but exact and
 * fast, and it works for any script. Text with no letters or digits (including empty text) gets null.
 * @example
 * const embedder = createHashEmbedder({ dimensions: 256 });
 * const [vector] = await embedder.embed(["I adopted two cats"]); // Float32Array(256), unit length
 */
export function createHashEmbedder(options: HashEmbedderOptions = {}): Embedder {
  const dimensions = options.dimensions ?? 512;
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw new EngramError({
      code: "config_invalid",
      category: "user",
      where: "dimensions",
      message: `the hash embedder needs a positive whole number of dimensions, got ${String(dimensions)}: use for example 512.`,
    });
  }
  const scratch = new Float64Array(dimensions);
  return {
    id: `hash-v1-${dimensions}`,
    dimensions,
    async embed(texts: string[]): Promise<(Float32Array | null)[]> {
      return texts.map((text) => embedOne(text, scratch));
    },
  };
}
