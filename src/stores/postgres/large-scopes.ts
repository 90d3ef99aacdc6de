/** A store object's memory of the users too large for a search's one-statement form (vector-search, lexical-search). */

/**
 * The users a store object has seen over a search's one-statement limit (by tenant). Their one statement would plan
 * the scan it skips for all their keys, and PostgreSQL may start parallel workers for it that wait on the one-time
 * filter (hundreds of ms at a million keys), so their searches count first, in a statement of their own, as before.
 * Bounded: past 10,000 users it starts over.
 */
export function createLargeScopes() {
  const users = new Set<string>();
  const key = (tenant: string, user: string) => `${tenant}\u0000${user}`;
  return {
    has: (tenant: string, user: string) => users.has(key(tenant, user)),
    mark(tenant: string, user: string, large: boolean) {
      if (!large) {
        users.delete(key(tenant, user));
        return;
      }
      if (users.size >= 10_000) users.clear();
      users.add(key(tenant, user));
    },
  };
}

export type LargeScopes = ReturnType<typeof createLargeScopes>;
