/**
 * Runs of non-blanks too long for wink-nlp: its tokenizer tests each run with patterns quadratic in the run's length
 * (an e-mail pattern, an abbreviation test), so a document of 100,000 dashes held the server for half a minute. No
 * word, URL or name is longer than MAX_RUN_LENGTH; a run that is gets a space every MAX_RUN_LENGTH code units.
 */

/** The longest run of non-blanks wink-nlp is given whole (a run this long costs it about a millisecond). */
export const MAX_RUN_LENGTH = 1000;
const LONG_RUN = new RegExp(`\\S{${MAX_RUN_LENGTH + 1},}`, "gu");

/**
 * `text` as wink-nlp may read it: a space in place of the code unit after every MAX_RUN_LENGTH of a longer run (two
 * in place of a surrogate pair there), so the length and every offset hold.
 * @example breakLongRuns("a".repeat(2002)).split(" ").map((run) => run.length) // [1000, 1000, 0]
 */
export function breakLongRuns(text: string): string {
  return text.replace(LONG_RUN, (run) => {
    const units = run.split("");
    for (let i = MAX_RUN_LENGTH; i < units.length; i += MAX_RUN_LENGTH + 1) {
      // a surrogate pair becomes two spaces, not one half of a character
      const unit = (units[i] as string).charCodeAt(0);
      const pairStart = unit >= 0xdc00 && unit <= 0xdfff ? i - 1 : unit >= 0xd800 && unit <= 0xdbff ? i : -1;
      if (pairStart < 0) units[i] = " ";
      else units.splice(pairStart, 2, " ", " ");
    }
    return units.join("");
  });
}
