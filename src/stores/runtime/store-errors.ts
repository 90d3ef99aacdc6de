/** The errors every store raises for the same reasons, with the same codes and messages, whatever its database. */
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import type { EmbedderBinding } from "../../spec/store.js";

/** Something went wrong inside the store or its database: not the caller's fault. */
export function storeFailure(message: string, where?: string, cause?: unknown): EngramError {
  return new EngramError({ code: ERROR_CODES.storeFailure, category: "system", message, where, cause });
}

/** Bad input to a store call (a batch, a patch): what was wrong, where, how to fix it. */
export function invalidStoreInput(where: string, message: string, cause?: unknown): EngramError {
  return new EngramError({ code: ERROR_CODES.invalidInput, category: "user", where, message, cause });
}

/** How a binding reads in a message: the embedder's id and size, or only the size the stored vectors have. */
export function describeBinding(binding: EmbedderBinding | null, dimensions: number | null): string {
  if (binding) return `${binding.id} (${binding.dimensions} dims)`;
  return `an unnamed embedder (${dimensions ?? "?"} dims)`;
}

/** Vectors, or a query, from another embedder than the one the store holds vectors of. */
export function embedderMismatch(bound: string, wanted: string): EngramError {
  return new EngramError({
    code: ERROR_CODES.embedderMismatch,
    category: "user",
    message: `this store's vectors come from ${bound}, not ${wanted}: open it with the same embedder, or export and re-import`,
  });
}

/**
 * A new memory whose id is already taken. Ids are unique in the whole store, across tenants (docs/architecture.md
 * says why), so the message never says which tenant holds it.
 */
export function duplicateMemoryId(id: string, position: number): EngramError {
  return invalidStoreInput(
    `inserts[${position}]`,
    `memory ${id} already exists: reinforce it, or give the new memory another id`,
  );
}

/** A reinforcement of a memory the tenant does not have. */
export function reinforcementNotFound(tenant: string, memoryId: string, position: number): EngramError {
  return new EngramError({
    code: ERROR_CODES.notFound,
    category: "user",
    where: `reinforcements[${position}]`,
    message: `no memory ${memoryId} in tenant ${tenant}: nothing was written; reinforce a memory that exists`,
  });
}

/** Any call on a store after close(). */
export function storeClosed(name: string, factory: string): EngramError {
  return storeFailure(`this store is closed: open it again with ${factory}`, name);
}

/**
 * The error for an option out of its bounds: `option` is its name in the store's options ("efSearch",
 * "hnswGraph.m", "pageCacheMiB"), `bounds` reads "from 1 to 1,000", `fallback` is its default.
 */
export type Refusal = (option: string, value: number, bounds: string, fallback: number) => EngramError;

/** A store option's refusal: "efSearch 5000 is not a whole number from 1 to 1,000: leave it out for 200". */
export const refusedOption: Refusal = (option, value, bounds, fallback) =>
  new EngramError({
    code: ERROR_CODES.configInvalid,
    category: "user",
    where: option,
    message: `${option} ${String(value)} is not a whole number ${bounds}: leave it out for ${fallback.toLocaleString("en")}`,
  });

/** A whole-number option from `least` to `most`, or its default; anything else is refused with what to give instead. */
export function wholeNumberOption(
  refuse: Refusal,
  option: string,
  value: number | undefined,
  fallback: number,
  most: number,
  least: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < least || value > most)
    throw refuse(
      option,
      value,
      `from ${least.toLocaleString("en")} to ${most.toLocaleString("en")}`,
      fallback,
    );
  return value;
}
