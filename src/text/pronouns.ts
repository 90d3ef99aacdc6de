/** First- and second-person pronouns resolved to names, so "I went hiking" said by Ana can be found as "Ana went hiking". */

const FIRST_PERSON: [RegExp, (name: string) => string][] = [
  [/\bI'm\b/g, (n) => `${n} is`],
  [/\bI've\b/g, (n) => `${n} has`],
  [/\bI'll\b/g, (n) => `${n} will`],
  [/\bI'd\b/g, (n) => `${n} would`],
  [/\bI\b/g, (n) => n],
  [/\bmyself\b/gi, (n) => n],
  [/\bmine\b/gi, (n) => `${n}'s`],
  [/\bmy\b/gi, (n) => `${n}'s`],
  [/\bme\b/gi, (n) => n],
  [/\bwe're\b/gi, (n) => `${n} and family are`],
  [/\bour\b/gi, (n) => `${n}'s family's`],
];

const SECOND_PERSON: [RegExp, (name: string) => string][] = [
  [/\byou're\b/gi, (n) => `${n} is`],
  [/\byou've\b/gi, (n) => `${n} has`],
  [/\byou'll\b/gi, (n) => `${n} will`],
  [/\byourself\b/gi, (n) => n],
  [/\byours\b/gi, (n) => `${n}'s`],
  [/\byour\b/gi, (n) => `${n}'s`],
  [/\byou\b/gi, (n) => n],
];

/**
 * Replace English first-person pronouns by the speaker's name and second-person ones by the addressee's.
 * Returns null when nothing changed (no pronoun, or no name to put in).
 * @example resolvePronouns("I love my cat", { speaker: "Ana" }) // "Ana love Ana's cat"
 */
export function resolvePronouns(
  text: string,
  names: { speaker?: string | null; addressee?: string | null },
): string | null {
  let out = text;
  const apostrophes = out.replace(/[’]/g, "'");
  out = apostrophes;
  if (names.speaker)
    for (const [pattern, replace] of FIRST_PERSON) out = out.replace(pattern, replace(names.speaker));
  if (names.addressee)
    for (const [pattern, replace] of SECOND_PERSON) out = out.replace(pattern, replace(names.addressee));
  return out === apostrophes ? null : out;
}
