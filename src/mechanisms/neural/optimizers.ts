/**
 * Optimisers over parameters' accumulated gradients: SGD with gradient-norm clipping (End-To-End Memory Networks'
 * protocol), Adam and Adagrad. Each `step` applies the update and leaves the gradients as they are (zero them before
 * the next backward pass).
 */
import { gradientNorm, type Parameter } from "./parameter.js";

export interface Optimizer {
  /** Mutable, so a schedule can change it between steps. */
  learningRate: number;
  step(parameters: readonly Parameter[]): void;
}

export interface ClipOptions {
  /** Rescale gradients whose norm exceeds this. */
  clipNorm?: number;
  /** "global": one norm over all parameters (default); "per-parameter": each parameter's own norm. */
  clipMode?: "global" | "per-parameter";
}

function clip(parameters: readonly Parameter[], options: ClipOptions): void {
  const max = options.clipNorm;
  if (max === undefined) return;
  const groups = options.clipMode === "per-parameter" ? parameters.map((p) => [p]) : [parameters];
  for (const group of groups) {
    const norm = gradientNorm(group);
    if (norm > max) {
      const scale = max / norm;
      for (const p of group)
        for (let i = 0; i < p.grad.length; i++) p.grad[i] = (p.grad[i] as number) * scale;
    }
  }
}

/** w ← w − η·g, after clipping. @example const sgd = createSgd({ learningRate: 0.01, clipNorm: 40 }); */
export function createSgd(options: { learningRate: number } & ClipOptions): Optimizer {
  return {
    learningRate: options.learningRate,
    step(parameters) {
      clip(parameters, options);
      for (const p of parameters) {
        for (let i = 0; i < p.value.length; i++) {
          p.value[i] = (p.value[i] as number) - this.learningRate * (p.grad[i] as number);
        }
      }
    },
  };
}

export interface AdamOptions extends ClipOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** Adam (Kingma & Ba 2015) with bias correction; its moment estimates are kept per parameter. */
export function createAdam(options: AdamOptions): Optimizer {
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = options.epsilon ?? 1e-8;
  const moments = new Map<Parameter, { m: Float64Array; v: Float64Array }>();
  let t = 0;
  return {
    learningRate: options.learningRate,
    step(parameters) {
      clip(parameters, options);
      t++;
      const correction1 = 1 - beta1 ** t;
      const correction2 = 1 - beta2 ** t;
      for (const p of parameters) {
        let state = moments.get(p);
        if (!state) {
          state = { m: new Float64Array(p.value.length), v: new Float64Array(p.value.length) };
          moments.set(p, state);
        }
        const { m, v } = state;
        for (let i = 0; i < p.value.length; i++) {
          const g = p.grad[i] as number;
          m[i] = beta1 * (m[i] as number) + (1 - beta1) * g;
          v[i] = beta2 * (v[i] as number) + (1 - beta2) * g * g;
          const mHat = (m[i] as number) / correction1;
          const vHat = (v[i] as number) / correction2;
          p.value[i] = (p.value[i] as number) - (this.learningRate * mHat) / (Math.sqrt(vHat) + epsilon);
        }
      }
    },
  };
}

/**
 * Adagrad: each value's step shrinks with the sum of its squared gradients; suits sparse updates (embedding rows).
 * Reference: not called by the engine (recall's scorer trains with Adam, the memory network with SGD).
 */
export function createAdagrad(options: { learningRate: number; epsilon?: number } & ClipOptions): Optimizer {
  const epsilon = options.epsilon ?? 1e-8;
  const sums = new Map<Parameter, Float64Array>();
  return {
    learningRate: options.learningRate,
    step(parameters) {
      clip(parameters, options);
      for (const p of parameters) {
        let sum = sums.get(p);
        if (!sum) {
          sum = new Float64Array(p.value.length);
          sums.set(p, sum);
        }
        for (let i = 0; i < p.value.length; i++) {
          const g = p.grad[i] as number;
          if (g === 0) continue;
          sum[i] = (sum[i] as number) + g * g;
          p.value[i] =
            (p.value[i] as number) - (this.learningRate * g) / (Math.sqrt(sum[i] as number) + epsilon);
        }
      }
    },
  };
}
