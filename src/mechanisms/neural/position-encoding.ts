/**
 * Position encoding for a bag of word embeddings (End-To-End Memory Networks, section 4.1): word j of a sentence is
 * weighted element-wise by lⱼ before the sum, so that "Mary gave John the ball" and "John gave Mary the ball" differ.
 * Two formulas exist and they are not the same model: the one in the authors' code and the one printed in the paper.
 */

/**
 * - `reference`: the authors' code, lₖⱼ = 1 + 4(k − (d+1)/2)(j − (J+1)/2)/(d·J), with ONE J for every sentence (the
 *   longest sentence, plus one when a time word is appended as the last "word"). This is the formula that reproduces
 *   the paper's bAbI table; with it task 16 reaches < 2% error.
 * - `paper`: the paper's text, lₖⱼ = (1 − j/J) − (k/d)(1 − 2j/J), with J the sentence's own length. Measured here, it
 *   leaves task 16 at 53–55% error and costs about five points of mean error.
 * - `none`: every weight 1, a plain bag of words (the paper's BoW baseline).
 */
export type PositionEncodingFormula = "reference" | "paper" | "none";

/**
 * The weights for `positions` words of a `dimensions`-wide embedding, as a positions × dimensions matrix, row-major:
 * row j (0-based) weights the word at position j, the layout `embeddingBagForward` takes. j and k in the formulas
 * above count from 1.
 * @example positionEncoding(3, 4)[0] // 1 + 4·(1 − 2.5)(1 − 2)/(4·3) = 1.5
 */
export function positionEncoding(
  positions: number,
  dimensions: number,
  formula: PositionEncodingFormula = "reference",
): Float64Array {
  if (!Number.isInteger(positions) || positions < 1 || !Number.isInteger(dimensions) || dimensions < 1) {
    throw new RangeError(
      `positionEncoding: positions and dimensions must be whole numbers ≥ 1, not ${positions} and ${dimensions}`,
    );
  }
  const J = positions;
  const d = dimensions;
  const out = new Float64Array(J * d);
  for (let j = 1; j <= J; j++) {
    for (let k = 1; k <= d; k++) {
      let l = 1;
      if (formula === "reference") l = 1 + (4 * (k - (d + 1) / 2) * (j - (J + 1) / 2)) / (d * J);
      else if (formula === "paper") l = 1 - j / J - (k / d) * (1 - (2 * j) / J);
      out[(j - 1) * d + (k - 1)] = l;
    }
  }
  return out;
}
