/**
 * Training, evaluation and saving of an End-To-End Memory Network, with the schedule of the authors' bAbI code:
 * SGD on the loss summed over a batch of 32, gradients clipped to norm 40 per parameter, a linear start (the hops'
 * softmax removed) for a fixed number of epochs at half the learning rate, then the learning rate halved every 25
 * epochs, random gaps in the time index, and the nil rows reset to zero after every update.
 */
import { invalidInput } from "../../spec/errors.js";
import { l2TowardPrior } from "./losses.js";
import {
  checkMemoryNetworkConfig,
  createMemoryNetwork,
  type MemoryExample,
  type MemoryNetwork,
  type MemoryNetworkConfig,
} from "./memory-network.js";
import { createSgd } from "./optimizers.js";
import { loadParameters, type SavedParameter, saveParameters, zeroGradients } from "./parameter.js";
import { createRandom, type Random } from "./random.js";
import { timeIndices } from "./temporal-encoding.js";

export interface MemoryNetworkSchedule {
  /** Epochs after the linear start. */
  epochs: number;
  learningRate: number;
  /** The learning rate halves before every epoch whose 1-based number is a multiple of this (0: never). */
  halveEvery: number;
  /** Epochs of linear start before the softmax is put back (0: none). */
  linearStartEpochs: number;
  linearStartLearningRate: number;
  batchSize: number;
  /** Each parameter's gradient is rescaled to this norm when larger. */
  clipNorm: number;
  /** Random noise: blank ages among n sentences while training, up to ⌈noise·n⌉ − 1 of them (0: none). */
  randomNoise: number;
  /**
   * Up to ⌈noise·n⌉ blanks instead, as the authors' code draws them: randi([0, ceil(n·0.1)]). False when absent; both
   * bAbI schedules set it.
   */
  noiseToCeiling?: boolean;
  /** L2 weight decay: adds decay·w to every gradient (0: none; not in the paper). */
  weightDecay: number;
}

/**
 * The per-task bAbI schedule (../shared/notes/memn2n.md): 20 epochs of linear start at 0.005, then 100 at 0.01; random
 * noise drawn as the authors' code draws it (chosen on validation error, docs/benchmarks.md, issue 12's noise section).
 */
export const BABI_SCHEDULE: MemoryNetworkSchedule = {
  epochs: 100,
  learningRate: 0.01,
  halveEvery: 25,
  linearStartEpochs: 20,
  linearStartLearningRate: 0.005,
  batchSize: 32,
  clipNorm: 40,
  randomNoise: 0.1,
  noiseToCeiling: true,
  weightDecay: 0,
};

/**
 * The joint bAbI schedule of the authors' code (config_babi_joint.m): 30 epochs of linear start, then 60, halving
 * every 15; the authors' noise draw too (chosen on validation error for the joint model on its own).
 */
export const BABI_JOINT_SCHEDULE: MemoryNetworkSchedule = {
  ...BABI_SCHEDULE,
  epochs: 60,
  halveEvery: 15,
  linearStartEpochs: 30,
};

export interface MemoryEvaluation {
  /** Share of questions answered wrongly, 0–1. */
  error: number;
  /** Mean cross-entropy over the questions whose answer the model knows. */
  loss: number;
  count: number;
  predictions: Int32Array;
}

export interface MemoryEpoch {
  phase: "linear-start" | "softmax";
  /** 1-based within its phase. */
  epoch: number;
  learningRate: number;
  /** Over the epoch's batches, as trained (with noise). */
  trainLoss: number;
  trainError: number;
  /** Without noise, in the same mode (a linear start's validation has no softmax either). */
  validation: MemoryEvaluation | null;
}

/** Answers every example (in the given mode) and counts the wrong ones. */
export function evaluateMemoryNetwork(
  network: MemoryNetwork,
  examples: readonly MemoryExample[],
  options: { linear?: boolean } = {},
): MemoryEvaluation {
  let wrong = 0;
  let loss = 0;
  let scored = 0;
  const predictions = new Int32Array(examples.length);
  examples.forEach((example, i) => {
    const f = network.forward(example, { linear: options.linear === true });
    predictions[i] = f.prediction;
    if (f.prediction !== example.answer) wrong++;
    if (example.answer >= 0 && example.answer < network.outputSize) {
      const logits = f.logits;
      let max = Number.NEGATIVE_INFINITY;
      for (const v of logits) max = Math.max(max, v);
      let sum = 0;
      for (const v of logits) sum += Math.exp(v - max);
      loss += max + Math.log(sum) - (logits[example.answer] as number);
      scored++;
    }
  });
  const count = examples.length;
  return {
    error: count === 0 ? 0 : wrong / count,
    loss: scored === 0 ? 0 : loss / scored,
    count,
    predictions,
  };
}

/**
 * Trains in place with `random` drawing the batches (with replacement, as the authors) and the time noise.
 * @example trainMemoryNetwork(network, train, { schedule: BABI_SCHEDULE, random: createRandom(1) });
 */
export function trainMemoryNetwork(
  network: MemoryNetwork,
  examples: readonly MemoryExample[],
  options: {
    schedule: MemoryNetworkSchedule;
    random: Random;
    validation?: readonly MemoryExample[];
    onEpoch?: (epoch: MemoryEpoch) => void;
  },
): void {
  const { schedule, random } = options;
  if (examples.length === 0) throw invalidInput("no training examples", "trainMemoryNetwork");
  for (const example of examples) {
    if (!Number.isInteger(example.answer) || example.answer < 0 || example.answer >= network.outputSize)
      throw new RangeError(
        `trainMemoryNetwork: answer ${example.answer} is outside 0..${network.outputSize - 1}`,
      );
  }
  const slots = network.config.memorySize;
  const batches = Math.max(1, Math.floor(examples.length / schedule.batchSize));
  const phases = [
    {
      phase: "linear-start" as const,
      epochs: schedule.linearStartEpochs,
      rate: schedule.linearStartLearningRate,
      halve: 0,
    },
    {
      phase: "softmax" as const,
      epochs: schedule.epochs,
      rate: schedule.learningRate,
      halve: schedule.halveEvery,
    },
  ];
  for (const { phase, epochs, rate, halve } of phases) {
    const linear = phase === "linear-start";
    const sgd = createSgd({ learningRate: rate, clipNorm: schedule.clipNorm, clipMode: "per-parameter" });
    for (let epoch = 1; epoch <= epochs; epoch++) {
      if (halve > 0 && epoch % halve === 0) sgd.learningRate /= 2;
      let loss = 0;
      let wrong = 0;
      for (let b = 0; b < batches; b++) {
        zeroGradients(network.parameters);
        for (let n = 0; n < schedule.batchSize; n++) {
          const example = examples[random.int(examples.length)] as MemoryExample;
          const window = Math.min(example.sentences.length, slots);
          const ages = timeIndices(window, slots, {
            noise: schedule.randomNoise,
            random,
            toCeiling: schedule.noiseToCeiling === true,
          });
          const f = network.forward(example, { linear, ages });
          loss += network.backward(f);
          if (f.prediction !== example.answer) wrong++;
        }
        if (schedule.weightDecay > 0)
          for (const p of network.parameters) l2TowardPrior(p, schedule.weightDecay);
        sgd.step(network.parameters);
        network.resetNil();
      }
      const seen = batches * schedule.batchSize;
      options.onEpoch?.({
        phase,
        epoch,
        learningRate: sgd.learningRate,
        trainLoss: loss / seen,
        trainError: wrong / seen,
        validation: options.validation
          ? evaluateMemoryNetwork(network, options.validation, { linear })
          : null,
      });
    }
  }
}

/** A trained network as plain JSON: its configuration and its parameters. */
export interface SavedMemoryNetwork {
  config: MemoryNetworkConfig;
  parameters: SavedParameter[];
}

export function saveMemoryNetwork(network: MemoryNetwork): SavedMemoryNetwork {
  return { config: { ...network.config }, parameters: saveParameters(network.parameters) };
}

/**
 * Rebuilds a saved network; refuses (with what and where) a configuration that cannot make one or parameters whose
 * names, shapes or values do not fit it.
 */
export function loadMemoryNetwork(saved: SavedMemoryNetwork, where = "saved memory network"): MemoryNetwork {
  if (
    typeof saved !== "object" ||
    saved === null ||
    typeof saved.config !== "object" ||
    saved.config === null
  )
    throw invalidInput("no network configuration (`config`)", where);
  checkMemoryNetworkConfig(saved.config, `${where}, config`);
  if (!Array.isArray(saved.parameters))
    throw invalidInput("no parameters (`parameters` must be a list)", where);
  const network = createMemoryNetwork(saved.config, { random: createRandom(0) });
  try {
    loadParameters(network.parameters, saved.parameters);
  } catch (error) {
    throw invalidInput(`${(error as Error).message}: the file does not fit its own config`, where, error);
  }
  return network;
}
