/** What `engram doctor` reports about a store: read-only checks, each finding with its rows and how to mend it. */

/** One kind of problem found in a store. */
export interface IntegrityFinding {
  /** A stable name: "time-range", "dangling-reference", "invalid-json", "sqlite-integrity", … */
  check: string;
  /** What is wrong, in words. */
  problem: string;
  /** How many rows have it. */
  count: number;
  /** Up to five of them (memory ids, entity ids), to look at first. */
  examples: string[];
  /** What to do about it: the commands to run. */
  mend: string;
}

export interface IntegrityReport {
  /** The store's name (a path, or a URL without its password). */
  store: string;
  /** The checks that ran, in order. */
  checks: string[];
  /** Empty when the store is healthy. */
  findings: IntegrityFinding[];
}

/** How to mend a row that refers to something missing or holds a value no read should see: shared by the stores. */
export const MEND = {
  forget:
    "forget those memories (`engram forget <id>…`), or export the store (`engram export --out all.jsonl`), correct or remove their lines, and import the file into a new store (`engram --db new.db import all.jsonl`); reads meanwhile clamp or skip them",
  rebuild:
    "export the store (`engram export --out all.jsonl`) and import it into a new store (`engram --db new.db import all.jsonl`): the import names each line that refers to something missing; remove those lines, import again, then use the new store",
  restore:
    "restore the store from a backup; failing that, export what still reads (`engram export --out all.jsonl`) and import it into a new store",
} as const;
