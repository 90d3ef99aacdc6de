/** A seeded pseudo-random source (sfc32), so every training run is bit-reproducible for its seed. */

export interface Random {
  /** A uniform number in [0, 1). */
  next(): number;
  /** A normal sample with the given mean and standard deviation (Box–Muller). */
  normal(mean?: number, std?: number): number;
  /** A whole number in [0, n). */
  int(n: number): number;
  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[];
}

/**
 * A small, fast generator with a 128-bit state; the seed is spread over the state with splitmix32 so that nearby
 * seeds give unrelated streams.
 * @example const random = createRandom(42); random.normal(0, 0.1);
 */
export function createRandom(seed: number): Random {
  if (!Number.isInteger(seed))
    throw new RangeError(`createRandom: the seed must be a whole number, not ${seed}`);
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    normal(mean = 0, std = 1) {
      // 1 − u keeps the logarithm's argument in (0, 1]
      const u = 1 - next();
      const v = next();
      return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    int(n) {
      return Math.floor(next() * n);
    },
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const item = items[i] as (typeof items)[number];
        items[i] = items[j] as (typeof items)[number];
        items[j] = item;
      }
      return items;
    },
  };
}
