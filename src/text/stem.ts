/**
 * The Porter stemmer (M. F. Porter, "An algorithm for suffix stripping", 1980), all five steps, as in Porter's own
 * reference implementation (which maps -bli to -ble and -logi to -log in step 2). Written here so that the index and
 * the query always stem alike, whatever package versions are installed.
 */

// A consonant is a letter other than a, e, i, o, u, and other than y after a consonant. The patterns below use the
// reference implementation's approximation: c = [^aeiou], v = [aeiouy], C = a run of consonants, V = a run of vowels.
const c = "[^aeiou]";
const v = "[aeiouy]";
const C = `${c}[^aeiouy]*`;
const V = `${v}[aeiou]*`;

/** m > 0: the stem has at least one vowel–consonant sequence. */
const MEASURE_ABOVE_0 = new RegExp(`^(${C})?${V}${C}`);
/** m = 1. */
const MEASURE_IS_1 = new RegExp(`^(${C})?${V}${C}(${V})?$`);
/** m > 1. */
const MEASURE_ABOVE_1 = new RegExp(`^(${C})?${V}${C}${V}${C}`);
/** *v*: the stem contains a vowel. */
const HAS_VOWEL = new RegExp(`^(${C})?${v}`);
/** *o: the stem ends consonant–vowel–consonant, the last not w, x or y. */
const ENDS_CVC = new RegExp(`^${C}${v}[^aeiouwxy]$`);

const STEP_1A_SSES_IES = /^(.+?)(ss|i)es$/;
const STEP_1A_S = /^(.+?)([^s])s$/;
const STEP_1B_EED = /^(.+?)eed$/;
const STEP_1B_ED_ING = /^(.+?)(ed|ing)$/;
const STEP_1B_AT_BL_IZ = /(at|bl|iz)$/;
const STEP_1B_DOUBLE = /([^aeiouylsz])\1$/;
const STEP_1C_Y = /^(.+?)y$/;
const STEP_2 =
  /^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/;
const STEP_3 = /^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$/;
const STEP_4 = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/;
const STEP_4_ION = /^(.+?)(s|t)(ion)$/;
const STEP_5_E = /^(.+?)e$/;
const STEP_5_LL = /ll$/;

const STEP_2_SUFFIXES: Record<string, string> = {
  ational: "ate",
  tional: "tion",
  enci: "ence",
  anci: "ance",
  izer: "ize",
  bli: "ble",
  alli: "al",
  entli: "ent",
  eli: "e",
  ousli: "ous",
  ization: "ize",
  ation: "ate",
  ator: "ate",
  alism: "al",
  iveness: "ive",
  fulness: "ful",
  ousness: "ous",
  aliti: "al",
  iviti: "ive",
  biliti: "ble",
  logi: "log",
};

const STEP_3_SUFFIXES: Record<string, string> = {
  icate: "ic",
  ative: "",
  alize: "al",
  iciti: "ic",
  ical: "ic",
  ful: "",
  ness: "",
};

/**
 * The Porter stem of a lower-case English word. Words shorter than three letters come back unchanged.
 * @example stem("generalization") // "gener"
 * @example stem("ponies") // "poni"
 */
export function stem(word: string): string {
  if (word.length < 3) return word;
  // An initial y is a consonant: mark it so that the vowel patterns skip it.
  const initialY = word[0] === "y";
  let w = initialY ? `Y${word.slice(1)}` : word;

  // Step 1a: plurals. sses → ss, ies → i, ss → ss, s → "".
  let match = STEP_1A_SSES_IES.exec(w) ?? STEP_1A_S.exec(w);
  if (match) w = match[1]! + match[2]!;

  // Step 1b: past tense and progressive. (m>0) eed → ee; (*v*) ed → "", (*v*) ing → "", then tidy the stem.
  const eed = STEP_1B_EED.exec(w);
  const edIng = eed ? null : STEP_1B_ED_ING.exec(w);
  if (eed) {
    if (MEASURE_ABOVE_0.test(eed[1]!)) w = w.slice(0, -1);
  } else if (edIng) {
    const base = edIng[1]!;
    if (HAS_VOWEL.test(base)) {
      w = base;
      if (STEP_1B_AT_BL_IZ.test(w)) w += "e";
      else if (STEP_1B_DOUBLE.test(w)) w = w.slice(0, -1);
      else if (ENDS_CVC.test(w)) w += "e";
    }
  }

  // Step 1c: (*v*) y → i.
  match = STEP_1C_Y.exec(w);
  if (match) {
    const base = match[1]!;
    if (HAS_VOWEL.test(base)) w = `${base}i`;
  }

  // Step 2: double suffixes to single ones, when m > 0.
  match = STEP_2.exec(w);
  if (match) {
    const base = match[1]!;
    if (MEASURE_ABOVE_0.test(base)) w = base + STEP_2_SUFFIXES[match[2]!]!;
  }

  // Step 3: -ic-, -full, -ness and the like, when m > 0.
  match = STEP_3.exec(w);
  if (match) {
    const base = match[1]!;
    if (MEASURE_ABOVE_0.test(base)) w = base + STEP_3_SUFFIXES[match[2]!]!;
  }

  // Step 4: remove a final suffix when m > 1; -ion only after s or t.
  const suffix = STEP_4.exec(w);
  const ion = suffix ? null : STEP_4_ION.exec(w);
  if (suffix) {
    if (MEASURE_ABOVE_1.test(suffix[1]!)) w = suffix[1]!;
  } else if (ion) {
    const base = ion[1]! + ion[2]!;
    if (MEASURE_ABOVE_1.test(base)) w = base;
  }

  // Step 5a: remove a final e when m > 1, or when m = 1 and the stem does not end cvc.
  match = STEP_5_E.exec(w);
  if (match) {
    const base = match[1]!;
    if (MEASURE_ABOVE_1.test(base) || (MEASURE_IS_1.test(base) && !ENDS_CVC.test(base))) w = base;
  }

  // Step 5b: ll → l when m > 1.
  if (STEP_5_LL.test(w) && MEASURE_ABOVE_1.test(w)) w = w.slice(0, -1);

  return initialY ? `y${w.slice(1)}` : w;
}
