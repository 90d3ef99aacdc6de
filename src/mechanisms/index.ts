/**
 * `engram-memory/mechanisms`: the guide's formulas as small pure functions over typed arrays. The engine calls dot,
 * softmax, halfLifeDecay, updateStrength (through gatedScalar), quantizeInt8 and dotInt8; the rest (attentionScores,
 * scaledDotProductAttention, weightedSum, memoryRead, memoryWrite, gatedUpdate, sigmoid) is kept as a reference of
 * the guide's formulas, each labelled so at its definition, and not exported from the package's root.
 */

export type { AttentionResult } from "./attention.js";
export { attentionScores, dot, scaledDotProductAttention, weightedSum } from "./attention.js";
export { halfLifeDecay, updateStrength } from "./decay.js";
export { memoryRead, memoryWrite } from "./external-memory.js";
export { gatedScalar, gatedUpdate, sigmoid } from "./gated-update.js";
export type { QuantizedVector } from "./quantization.js";
export { dequantizeInt8, dotInt8, quantizeInt8 } from "./quantization.js";
export { softmax } from "./softmax.js";
