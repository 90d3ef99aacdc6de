/** Long work in slices: an import yields to the event loop between batches, so a server answers other clients meanwhile. */

/** Lines parsed between two yields to the event loop during an import. */
export const YIELD_EVERY_LINES = 256;

/**
 * Lets timers and I/O run before the next slice of work (awaiting a resolved promise would not: microtasks run
 * before any I/O).
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
