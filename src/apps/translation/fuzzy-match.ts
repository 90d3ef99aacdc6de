/**
 * The fuzzy-match percentage CAT tools show: 100 × (1 − d / max(|a|, |b|)), where d is the Levenshtein distance
 * (insertions, deletions and substitutions of one character each) between the two sentences as written, counted in
 * Unicode code points. Identical sentences score 100; any difference, even of case or punctuation, scores less.
 */

/**
 * Levenshtein distance in code points, with two rows of memory.
 * @example levenshtein("kitten", "sitting") // 3
 */
export function levenshtein(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  let current = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    current[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const substitution = (previous[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[y.length] as number;
}

/**
 * The fuzzy-match score in [0, 100], rounded to one decimal; surrounding whitespace is ignored.
 * @example fuzzyScore("I know.", "I know!") // 100 × (1 − 1/7) = 85.7
 */
export function fuzzyScore(a: string, b: string): number {
  const left = a.trim();
  const right = b.trim();
  const longest = Math.max([...left].length, [...right].length);
  if (longest === 0) return 100;
  const distance = levenshtein(left, right);
  // Only identical sentences score 100: a long sentence with one change must not round up to it.
  return distance === 0 ? 100 : Math.min(99.9, Math.round(1000 * (1 - distance / longest)) / 10);
}
