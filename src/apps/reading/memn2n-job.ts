/**
 * One training run of the memory network on bAbI: read the task files (cached per process or worker thread), train
 * with one seed, and measure the trained network on its training, validation and test questions. The same function
 * runs in-thread and on the worker threads of `runMemn2nJobs`, so a run's result depends on its seed only.
 */
import { readFileSync } from "node:fs";
import {
  BABI_JOINT_SCHEDULE,
  BABI_SCHEDULE,
  createMemoryNetwork,
  createRandom,
  DEFAULT_MEMORY_NETWORK,
  evaluateMemoryNetwork,
  type MemoryExample,
  type MemoryNetworkConfig,
  type MemoryNetworkSchedule,
  trainMemoryNetwork,
} from "../../mechanisms/index.js";
import {
  type BabiVocabulary,
  babiExamples,
  babiShape,
  buildBabiVocabulary,
  loadBabiTasks,
  splitValidation,
} from "./memn2n-babi.js";
import { type Memn2nModelFile, memn2nModelFile } from "./memn2n-model-file.js";

/** What a run may change from the paper's model; the rest comes from the data (vocabulary, lengths). */
export type Memn2nModelOptions = Partial<
  Pick<MemoryNetworkConfig, "embeddingSize" | "hops" | "positionEncoding" | "temporal" | "tying">
> & {
  /** Memory slots at most (default 50); fewer when no story is that long, as in the authors' code. */
  memorySize?: number;
};

export interface Memn2nJob {
  folder: string;
  /** One task for a per-task model; several for a joint model. */
  tasks: number[];
  seed: number;
  model: Memn2nModelOptions;
  schedule: MemoryNetworkSchedule;
}

export interface Memn2nJobResult {
  tasks: number[];
  seed: number;
  /** This thread's CPU time for the run (reading, training and testing). */
  cpuSeconds: number;
  /** Errors in percent; training and validation measured without noise after training. */
  trainError: number;
  trainLoss: number;
  /**
   * The last epoch's training error (%) and loss over its batches as they were trained: drawn with replacement, with
   * time noise, the weights moving. What the authors' code prints each epoch, and so what the paper's "lowest
   * training error" read.
   */
  lastEpochTrainError: number;
  lastEpochTrainLoss: number;
  validationError: number;
  validationLoss: number;
  /** Test error in percent per task. */
  testError: Record<string, number>;
  model: Memn2nModelFile;
}

export interface BabiData {
  vocabulary: BabiVocabulary;
  sentenceLength: number;
  storyLength: number;
  train: MemoryExample[];
  validation: MemoryExample[];
  tests: Map<number, MemoryExample[]>;
}

const cache = new Map<string, BabiData>();

/** The tasks' examples with one vocabulary built from their training files; the last 10% of each is validation. */
export function prepareBabiData(folder: string, tasks: readonly number[]): BabiData {
  const key = `${folder}\u0000${tasks.join(",")}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const loaded = loadBabiTasks(folder, tasks);
  const vocabulary = buildBabiVocabulary(loaded.map((t) => t.train));
  const shape = babiShape(loaded.map((t) => t.train));
  const train: MemoryExample[] = [];
  const validation: MemoryExample[] = [];
  const tests = new Map<number, MemoryExample[]>();
  for (const task of loaded) {
    const split = splitValidation(babiExamples(task.train, vocabulary).examples);
    train.push(...split.train);
    validation.push(...split.validation);
    tests.set(task.task, babiExamples(task.test, vocabulary).examples);
  }
  const data = { vocabulary, ...shape, train, validation, tests };
  cache.set(key, data);
  return data;
}

/** The schedule a run uses unless told otherwise: per task, or the authors' joint schedule for several tasks. */
export function defaultSchedule(tasks: readonly number[]): MemoryNetworkSchedule {
  return tasks.length > 1 ? BABI_JOINT_SCHEDULE : BABI_SCHEDULE;
}

/** The network's configuration for the data: d = 20 per task and 50 joint unless given. */
export function memn2nConfig(
  data: BabiData,
  tasks: readonly number[],
  model: Memn2nModelOptions,
): MemoryNetworkConfig {
  return {
    ...DEFAULT_MEMORY_NETWORK,
    embeddingSize: tasks.length > 1 ? 50 : DEFAULT_MEMORY_NETWORK.embeddingSize,
    ...Object.fromEntries(Object.entries(model).filter(([, v]) => v !== undefined)),
    vocabularySize: data.vocabulary.words.length,
    sentenceLength: data.sentenceLength,
    memorySize: Math.min(model.memorySize ?? DEFAULT_MEMORY_NETWORK.memorySize, data.storyLength),
  };
}

/**
 * This thread's CPU seconds: Linux reports a thread's own time in /proc/thread-self/stat, so runs on parallel worker
 * threads are timed apart; elsewhere the process's time (exact when one run is going at a time).
 */
export function threadCpuSeconds(): number {
  try {
    const stat = readFileSync("/proc/thread-self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // after the name: state is field 3, utime field 14 and stime field 15 (clock ticks, 100 a second on Linux)
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  }
}

const percent = (fraction: number) => Math.round(fraction * 10000) / 100;

/** Trains and measures one run. */
export function runMemn2nJob(job: Memn2nJob): Memn2nJobResult {
  const started = threadCpuSeconds();
  const data = prepareBabiData(job.folder, job.tasks);
  const random = createRandom(job.seed);
  const network = createMemoryNetwork(memn2nConfig(data, job.tasks, job.model), { random });
  let lastEpoch = { trainError: Number.NaN, trainLoss: Number.NaN };
  trainMemoryNetwork(network, data.train, {
    schedule: job.schedule,
    random,
    onEpoch: (epoch) => {
      lastEpoch = epoch;
    },
  });
  const train = evaluateMemoryNetwork(network, data.train);
  const validation = evaluateMemoryNetwork(network, data.validation);
  const testError: Record<string, number> = {};
  for (const [task, examples] of data.tests)
    testError[String(task)] = percent(evaluateMemoryNetwork(network, examples).error);
  const metrics = { trainError: percent(train.error), validationError: percent(validation.error), testError };
  return {
    tasks: job.tasks,
    seed: job.seed,
    cpuSeconds: Math.round((threadCpuSeconds() - started) * 100) / 100,
    trainError: metrics.trainError,
    trainLoss: train.loss,
    lastEpochTrainError: percent(lastEpoch.trainError),
    lastEpochTrainLoss: lastEpoch.trainLoss,
    validationError: metrics.validationError,
    validationLoss: validation.loss,
    testError,
    model: memn2nModelFile(network, data.vocabulary, { tasks: job.tasks, seed: job.seed, metrics }),
  };
}
