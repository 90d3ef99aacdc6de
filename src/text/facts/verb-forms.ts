/**
 * The forms of an English verb, from compromise's conjugation ("go": went, gone, goes, going), so that a question's
 * "go" finds a telling's "went". Only a word compromise reads as a verb has forms.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
type Compromise = typeof import("compromise").default;
let compromise: Compromise | undefined;

/** Forms by word; questions ask of few verbs, and the same ones again. */
const cache = new Map<string, readonly string[]>();
const CACHE_LIMIT = 5_000;

/** The verb's infinitive, past, participle, present and gerund (lower case), or [] for a word that is no verb. */
export function verbForms(word: string): readonly string[] {
  const lower = word.toLowerCase();
  const cached = cache.get(lower);
  if (cached) return cached;
  if (compromise === undefined) compromise = require("compromise") as Compromise;
  const forms = !/^\p{Ll}{2,20}$/u.test(lower)
    ? []
    : compromise(lower)
        .verbs()
        .conjugate()
        .flatMap((conjugation: object) =>
          ["Infinitive", "PastTense", "Participle", "PresentTense", "Gerund"].flatMap((tense) => {
            const form = (conjugation as Record<string, unknown>)[tense];
            return typeof form === "string" && /^\p{Ll}+$/u.test(form) ? [form] : [];
          }),
        );
  if (cache.size >= CACHE_LIMIT) cache.clear();
  const unique = [...new Set(forms)];
  cache.set(lower, unique);
  return unique;
}
