/** Symmetric int8 quantisation of vectors (x ≈ q × scale, q ∈ [-127, 127]) and the integer dot product used to scan them. */

export interface QuantizedVector {
  values: Int8Array;
  /** x ≈ values × scale. Zero for an all-zero vector. */
  scale: number;
}

/** Quantise to int8 with one scale per vector: scale = max|xᵢ| / 127. */
export function quantizeInt8(vector: ArrayLike<number>): QuantizedVector {
  let maxAbs = 0;
  for (let i = 0; i < vector.length; i++) maxAbs = Math.max(maxAbs, Math.abs(vector[i] as number));
  const values = new Int8Array(vector.length);
  if (maxAbs === 0) return { values, scale: 0 };
  const scale = maxAbs / 127;
  for (let i = 0; i < vector.length; i++) values[i] = Math.round((vector[i] as number) / scale);
  return { values, scale };
}

/** Back to floats: xᵢ = qᵢ × scale. The engine never needs it (it scores in int8); for tools that read stored vectors. */
export function dequantizeInt8(values: Int8Array, scale: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = (values[i] as number) * scale;
  return out;
}

/** Integer dot product of `query` with the `query.length` values of `matrix` that start at `offset`. */
export function dotInt8(query: Int8Array, matrix: Int8Array, offset: number): number {
  const n = query.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += (query[i] as number) * (matrix[offset + i] as number);
    s1 += (query[i + 1] as number) * (matrix[offset + i + 1] as number);
    s2 += (query[i + 2] as number) * (matrix[offset + i + 2] as number);
    s3 += (query[i + 3] as number) * (matrix[offset + i + 3] as number);
  }
  for (; i < n; i++) s0 += (query[i] as number) * (matrix[offset + i] as number);
  return s0 + s1 + s2 + s3;
}
