/**
 * The fuzzy-match percentage CAT tools show: 100 × (1 − d / max(|a|, |b|)), where d is the Levenshtein distance
 * (insertions, deletions and substitutions of one character each) between the two sentences as written, counted in
 * Unicode code points. Identical sentences score 100; any difference, even of case or punctuation, scores less.
 */

/**
 * The fewest cells of the distance's table one comparison may fill (a pair of 500-character sentences is read whole).
 * A match compares the query with up to 1,000 units on the server's thread: a 10,000-character query against units
 * of 100,000 filled 10⁹ cells each, seconds per unit.
 */
export const MAX_CELLS = 250_000;
/** The cells one match may fill over all its candidates (about a third of a second here), shared out among them. */
export const MATCH_CELLS = 100_000_000;

/**
 * Levenshtein distance in code points, with two rows of memory. Past `maxCells` only a band of the table around its
 * diagonal is filled, as wide as the budget allows (at least the difference of the lengths, up to twice the budget's
 * cells): the distance is then exact when it is within the band, and the cost of the band's best alignment (an upper
 * bound) when it is not.
 * @example levenshtein("kitten", "sitting") // 3
 */
export function levenshtein(a: string, b: string, maxCells = MAX_CELLS): number {
  const x = [...a];
  const y = [...b];
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  const longest = Math.max(x.length, y.length);
  const difference = Math.abs(x.length - y.length);
  if (x.length * y.length <= maxCells) return banded(x, y, longest);
  // a band fills about twice its width a row
  const band = Math.max(difference, Math.floor(maxCells / (2 * longest)));
  // the lengths alone differ by more than twice the budget allows: the shorter string is taken as all changed (the
  // cost of the plainest alignment, an upper bound)
  if (x.length * (2 * band + 1) > 2 * maxCells) return longest;
  return banded(x, y, band);
}

/** The distance over the cells within `band` of the diagonal (the whole table when `band` is the longer length). */
function banded(x: readonly string[], y: readonly string[], band: number): number {
  const n = x.length;
  const m = y.length;
  const outside = n + m + 1;
  let previous = new Array<number>(m + 1).fill(outside);
  let current = new Array<number>(m + 1).fill(outside);
  for (let j = 0; j <= Math.min(m, band); j++) previous[j] = j;
  for (let i = 1; i <= n; i++) {
    const from = Math.max(0, i - band);
    const to = Math.min(m, i + band);
    // the row two back left values here: clear the band and its two edges before filling it
    current.fill(outside, Math.max(0, from - 1), Math.min(m, to + 1) + 1);
    if (from === 0) current[0] = i;
    for (let j = Math.max(1, from); j <= to; j++) {
      const substitution = (previous[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return Math.min(previous[m] as number, Math.max(n, m));
}

/**
 * The fuzzy-match score in [0, 100], rounded to one decimal; surrounding whitespace is ignored. Past `maxCells` of
 * the distance's table it is a lower bound (see levenshtein).
 * @example fuzzyScore("I know.", "I know!") // 100 × (1 − 1/7) = 85.7
 */
export function fuzzyScore(a: string, b: string, maxCells = MAX_CELLS): number {
  const left = a.trim();
  const right = b.trim();
  const longest = Math.max([...left].length, [...right].length);
  if (longest === 0) return 100;
  const distance = levenshtein(left, right, maxCells);
  // Only identical sentences score 100: a long sentence with one change must not round up to it.
  return distance === 0 ? 100 : Math.min(99.9, Math.round(1000 * (1 - distance / longest)) / 10);
}
