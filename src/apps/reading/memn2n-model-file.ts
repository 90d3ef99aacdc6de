/**
 * A trained bAbI memory network on disk: one versioned JSON file with the vocabulary, the network's configuration and
 * its parameters, and how it was trained. Reading refuses anything else with the file, what is wrong and what to do.
 */
import { readFileSync, writeFileSync } from "node:fs";
import {
  loadMemoryNetwork,
  type MemoryNetwork,
  type SavedMemoryNetwork,
  saveMemoryNetwork,
} from "../../mechanisms/index.js";
import { invalidInput } from "../../spec/errors.js";
import type { BabiVocabulary } from "./memn2n-babi.js";

export const MEMN2N_FORMAT = "engram-memn2n";
export const MEMN2N_VERSION = 1;

export interface Memn2nModelFile {
  format: typeof MEMN2N_FORMAT;
  version: typeof MEMN2N_VERSION;
  /** The bAbI tasks it was trained on (several for a joint model). */
  tasks: number[];
  seed: number;
  /** Word of each id; id 0 is the nil word. */
  vocabulary: string[];
  network: SavedMemoryNetwork;
  /** Errors in percent on the training, validation and test questions when it was trained. */
  metrics?: { trainError: number; validationError: number; testError: Record<string, number> };
}

export interface Memn2nModel {
  file: Memn2nModelFile;
  network: MemoryNetwork;
  vocabulary: BabiVocabulary;
}

export function memn2nModelFile(
  network: MemoryNetwork,
  vocabulary: BabiVocabulary,
  training: Pick<Memn2nModelFile, "tasks" | "seed" | "metrics">,
): Memn2nModelFile {
  return {
    format: MEMN2N_FORMAT,
    version: MEMN2N_VERSION,
    tasks: training.tasks,
    seed: training.seed,
    vocabulary: vocabulary.words,
    network: saveMemoryNetwork(network),
    ...(training.metrics ? { metrics: training.metrics } : {}),
  };
}

export function writeMemn2nModel(path: string, file: Memn2nModelFile): void {
  writeFileSync(path, `${JSON.stringify(file)}\n`);
}

/** "line L, column C" of a character offset, for a JSON syntax error. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return `line ${line}, column ${offset - before.lastIndexOf("\n")}`;
}

/** Checks a parsed model file and rebuilds its network. */
export function memn2nModelFromJson(parsed: unknown, where: string): Memn2nModel {
  const fix = `train one with \`engram eval babi <folder> --model memn2n --save <folder>\``;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw invalidInput(`not a memory network model file (a JSON object is expected): ${fix}`, where);
  const file = parsed as Partial<Memn2nModelFile>;
  if (file.format !== MEMN2N_FORMAT)
    throw invalidInput(
      `not a memory network model file ("format" is ${JSON.stringify(file.format)}, not "${MEMN2N_FORMAT}"): ${fix}`,
      where,
    );
  if (file.version !== MEMN2N_VERSION)
    throw invalidInput(
      `model file version ${JSON.stringify(file.version)} is not the version ${MEMN2N_VERSION} this Engram reads: ${typeof file.version === "number" && file.version > MEMN2N_VERSION ? "upgrade Engram" : fix}`,
      where,
    );
  const words = file.vocabulary;
  if (!Array.isArray(words) || words.length < 2 || words.some((w) => typeof w !== "string"))
    throw invalidInput(
      `"vocabulary" must be a list of at least two words (the nil word first): ${fix}`,
      where,
    );
  if (!Array.isArray(file.tasks) || !file.tasks.every((t) => Number.isInteger(t)))
    throw invalidInput(`"tasks" must be a list of task numbers: ${fix}`, where);
  const network = loadMemoryNetwork(file.network as SavedMemoryNetwork, `${where}, network`);
  if (network.config.vocabularySize !== words.length)
    throw invalidInput(
      `the vocabulary has ${words.length} words but the network reads ${network.config.vocabularySize}: the file was edited or cut; ${fix}`,
      where,
    );
  const ids = new Map(words.map((word, id) => [word, id]));
  if (ids.size !== words.length) throw invalidInput(`the vocabulary lists a word twice: ${fix}`, where);
  return { file: file as Memn2nModelFile, network, vocabulary: { words, ids } };
}

/**
 * Reads a model file written by `writeMemn2nModel`.
 * @example const { network, vocabulary } = readMemn2nModel("models/memn2n-qa1.json");
 */
export function readMemn2nModel(path: string): Memn2nModel {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw invalidInput(
      `no model file here (${(error as NodeJS.ErrnoException).code ?? "unreadable"})`,
      path,
      error,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const offset = /end of JSON input/u.test(message)
      ? String(text.length)
      : /position (\d+)/u.exec(message)?.[1];
    throw invalidInput(
      `not valid JSON${offset ? ` at ${lineAndColumn(text, Number(offset))}` : ""} (${message}): the file is damaged or not a model file; train it again`,
      path,
      error,
    );
  }
  return memn2nModelFromJson(parsed, path);
}
