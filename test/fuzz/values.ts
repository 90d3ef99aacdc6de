/**
 * Seeded values for the fuzzer: an instance of a JSON Schema (as /openapi.json and MCP's tools/list give them), then
 * mutated the way a hostile client would (wrong types, extreme numbers and times, long and odd strings, deep nesting,
 * missing and unknown fields), and raw texts that are not JSON at all.
 */

export type Random = () => number;

/** mulberry32: the same cases for the same seed. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

export function chance(random: Random, p: number): boolean {
  return random() < p;
}

type Schema = Record<string, unknown>;
type Json = unknown;

const WORDS = [
  "Ana",
  "Lisbon",
  "moved",
  "kittens",
  "piano",
  "concert",
  "租户",
  "北京",
  "café",
  "naïve",
  "🙂",
  "x",
];

/** Strings a hostile client sends: empty, blank, huge, control characters, quotes, lone surrogates, injections, times. */
const NASTY_STRINGS = [
  "",
  " ",
  "\t\n",
  "\u0000",
  "a\u0000b",
  '"',
  "'",
  "\\",
  "\ud800",
  "\udfff x",
  "\r\nX-Injected: 1",
  "../../etc/passwd",
  "%2e%2e%2f",
  "<script>alert(1)</script>",
  "'; DROP TABLE memories; --",
  '" OR 1=1 --',
  "NEAR(a b)",
  "*",
  "__proto__",
  "constructor",
  "租户",
  "١٢٣",
  "\u202eevil",
  "1e20",
  "-1",
  "NaN",
  "Infinity",
  "+275760-09-13T00:00:00Z",
  "0000-01-01T00:00:00Z",
  "9999-12-31T23:59:59.999Z",
  "2024-02-30T10:00:00Z",
  "2024-05-01T10:00:00Z",
  "null",
  "true",
  "{}",
  "[]",
];

const NASTY_NUMBERS = [
  0,
  -0,
  -1,
  1,
  0.5,
  2 ** 31,
  2 ** 53,
  -(2 ** 53),
  1e20,
  -1e20,
  9e15,
  8.64e15,
  1e308,
  5e-324,
  1.5,
];

function word(random: Random): string {
  const n = 1 + Math.floor(random() * 6);
  return Array.from({ length: n }, () => pick(random, WORDS)).join(" ");
}

export function nastyString(random: Random): string {
  const roll = random();
  if (roll < 0.55) return pick(random, NASTY_STRINGS);
  if (roll < 0.7) return "x".repeat(pick(random, [129, 257, 1001, 10_001, 100_001]));
  // turns whose shape once made fact derivation take seconds to minutes: a long run of blanks, a long chain of clauses,
  // one word of 99,999 letters, a run of quotes, emoji, capitalised words or pronouns
  if (roll < 0.75)
    return pick(random, [
      `I moved to${" ".repeat(99_000)}Paris.`,
      `I like such${"\n \t".repeat(30_000)}as cats.`,
      "I asked them and they knew and ".repeat(3000),
      "I asked if they knew if ".repeat(4000),
      "a".repeat(99_999),
      '"'.repeat(99_999),
      "😀".repeat(49_999),
      "MR. ".repeat(24_999),
      "I ".repeat(49_999),
    ]);
  if (roll < 0.9)
    return Array.from({ length: 20 }, () => String.fromCharCode(Math.floor(random() * 0xffff))).join("");
  return word(random);
}

/** A JSON value nested `depth` levels (arrays or objects). */
export function deepValue(depth: number, random: Random): Json {
  let value: Json = "leaf";
  const asArray = chance(random, 0.5);
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { d: value };
  return value;
}

function nastyValue(random: Random): Json {
  const roll = random();
  if (roll < 0.3) return nastyString(random);
  if (roll < 0.55) return pick(random, NASTY_NUMBERS);
  if (roll < 0.65) return pick(random, [true, false, null]);
  if (roll < 0.75) return [];
  if (roll < 0.82) return {};
  if (roll < 0.9) return deepValue(pick(random, [31, 33, 65, 2000]), random);
  return Object.fromEntries(Array.from({ length: pick(random, [3, 1001]) }, (_, i) => [`k${i}`, i]));
}

/** Follows `$ref`s into the document's components. */
function resolveRef(schema: Schema, root: Schema): Schema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === "string" && hops < 20; hops++) {
    const path = (current.$ref as string).replace(/^#\//, "").split("/");
    let target: unknown = root;
    for (const part of path) target = (target as Record<string, unknown> | undefined)?.[part];
    current = (target as Schema | undefined) ?? {};
  }
  return current;
}

/** A value that fits `schema` as far as a simple reading of it goes (the fuzzer then mutates it). */
export function instanceOf(schema: Schema, root: Schema, random: Random, depth = 0): Json {
  const resolved = resolveRef(schema, root);
  if (depth > 6) return null;
  const variants = (resolved.anyOf ?? resolved.oneOf) as Schema[] | undefined;
  if (variants && variants.length > 0) return instanceOf(pick(random, variants), root, random, depth + 1);
  if ("const" in resolved) return resolved.const;
  if (Array.isArray(resolved.enum)) return pick(random, resolved.enum);
  const type = Array.isArray(resolved.type) ? pick(random, resolved.type as string[]) : resolved.type;
  switch (type) {
    case "object": {
      const properties = (resolved.properties ?? {}) as Record<string, Schema>;
      const required = new Set((resolved.required ?? []) as string[]);
      const out: Record<string, Json> = {};
      for (const [name, property] of Object.entries(properties)) {
        if (required.has(name) || chance(random, 0.4))
          out[name] = instanceOf(property, root, random, depth + 1);
      }
      return out;
    }
    case "array": {
      const min = Number(resolved.minItems ?? 0);
      const n = Math.max(min, Math.floor(random() * 4));
      return Array.from({ length: n }, () =>
        instanceOf((resolved.items ?? {}) as Schema, root, random, depth + 1),
      );
    }
    case "string":
      return chance(random, 0.3) ? pick(random, ["2024-05-01T10:00:00Z", "u1", "ana", "s1"]) : word(random);
    case "integer": {
      const min = Number(resolved.minimum ?? 0);
      const max = Math.min(Number(resolved.maximum ?? min + 10), min + 10);
      return min + Math.floor(random() * (max - min + 1));
    }
    case "number":
      return Number(resolved.minimum ?? 0) + random();
    case "boolean":
      return chance(random, 0.5);
    case "null":
      return null;
    default:
      return chance(random, 0.5) ? word(random) : Math.floor(random() * 1000);
  }
}

/** One hostile change somewhere in `value`: a field dropped, retyped, added, or an extreme value put in. */
export function mutate(value: Json, random: Random): Json {
  if (value === null || typeof value !== "object") return chance(random, 0.5) ? nastyValue(random) : value;
  const copy: Json = Array.isArray(value) ? [...value] : { ...(value as Record<string, Json>) };
  const keys = Object.keys(copy as object);
  const roll = random();
  if (keys.length > 0 && roll < 0.2) {
    delete (copy as Record<string, Json>)[pick(random, keys)];
  } else if (roll < 0.3) {
    (copy as Record<string, Json>)[pick(random, ["tenant", "extra", "__proto__", "constructor", "items"])] =
      nastyValue(random);
  } else if (keys.length > 0) {
    const key = pick(random, keys);
    const inner = (copy as Record<string, Json>)[key];
    (copy as Record<string, Json>)[key] =
      inner !== null && typeof inner === "object" && chance(random, 0.5)
        ? mutate(inner, random)
        : nastyValue(random);
  } else {
    return nastyValue(random);
  }
  return copy;
}

/** Texts that are not the JSON a route wants: truncated, trailing garbage, a BOM, deep brackets, another format. */
export function rawText(random: Random, valid: string): string {
  return pick(random, [
    valid.slice(0, Math.floor(valid.length / 2)),
    `${valid}}`,
    `\uFEFF${valid}`,
    `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
    `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`,
    "",
    "   ",
    "null",
    "[]",
    "42",
    '"text"',
    "<tmx version='1.4'><body><tu><tuv xml:lang='en'><seg>x</seg></tuv></tu></body></tmx>",
    "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>",
    "text=hello&user=u",
    "\u0000\u0001\u0002",
    "{'single': 'quotes'}",
    '{"text": "dup", "text": "dup2"}',
  ]);
}
