/** The guide's formulas as small pure functions over typed arrays. */

export type { AttentionResult } from "./attention.js";
export { attentionScores, dot, scaledDotProductAttention, weightedSum } from "./attention.js";
export { halfLifeDecay, updateStrength } from "./decay.js";
export { memoryRead, memoryWrite } from "./external-memory.js";
export { gatedScalar, gatedUpdate, sigmoid } from "./gated-update.js";
export type { QuantizedVector } from "./quantization.js";
export { dequantizeInt8, dotInt8, quantizeInt8 } from "./quantization.js";
export { softmax } from "./softmax.js";
