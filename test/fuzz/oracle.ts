/** What every fuzzer of issue 14 shares: how long an answer may take, and how a failure is reported. */

/** An answer later than this is a hang. */
export const HANG_MS = 5000;

export interface Failure {
  /** The case's number in its seeded sequence (-1: a check after the run). */
  case: number;
  /** What was sent, shortened. */
  request: string;
  why: string;
}
