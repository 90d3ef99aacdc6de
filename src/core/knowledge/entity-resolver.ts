/**
 * Entity resolution within one scope: a name finds the entity it or one of its aliases names, ignoring case,
 * accents, spacing and a one-letter slip ("Caroline" / "caroline" / "Carolin"), or the one person a Chinese short
 * form can be of (志强, 小李, 张老师); "my sister" is an alias of the speaker's sister, a placeholder that takes her
 * name once it is told.
 */
import type { EntityRecord, GraphScopeKey } from "../../spec/graph.js";
import { CHINESE_TITLES, chineseNameParts } from "../../text/facts/index.js";
import { newMemoryId } from "../ids.js";

/** The form names are compared in: NFKC, lower case, no accents, no "the" or possessive, single spaces. */
export function normalizeName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[’']s$/u, "")
    .replace(/^the\s+/u, "")
    .replace(/[^\p{L}\p{N}\s'-]/gu, " ")
    .replace(/\s+/gu, " ")
    .trim();
}

/** The two rows of the edit distance, reused across calls (names are short; they grow when one is not). */
let previousRow = new Int32Array(64);
let currentRow = new Int32Array(64);

/** Levenshtein distance, stopping early (with `limit` + 1) once every cell of a row exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (b.length + 1 > previousRow.length) {
    previousRow = new Int32Array(2 * (b.length + 1));
    currentRow = new Int32Array(2 * (b.length + 1));
  }
  let previous = previousRow;
  let current = currentRow;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let best = i;
    const letter = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = letter === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      current[j] = value;
      if (value < best) best = value;
    }
    if (best > limit) return limit + 1;
    const swap = previous;
    previous = current;
    current = swap;
  }
  return previous[b.length] as number;
}

/** How many letters a name may differ by and still be the same entity. */
function tolerance(key: string): number {
  if (/\p{Script=Han}/u.test(key)) return 0;
  return key.length >= 9 ? 2 : key.length >= 5 ? 1 : 0;
}

/** The alias that names a relative of a person: "ana's sister". */
export function relativeAlias(personName: string, relation: string): string {
  return `${personName}'s ${relation}`;
}

/**
 * Whether `short` is a short form of `full` as people shorten names: a beginning of at least `minLetters` letters
 * (three: "Mel" of "Melanie"; a name said to that person may give two, "Jo" of "Joanna"), or such a beginning with a
 * pet-name ending ("Andy" of "Andrew", "Katie" of "Katherine").
 */
export function isShortFormOf(short: string, full: string, minLetters = 3): boolean {
  const a = normalizeName(short);
  const b = normalizeName(full);
  if (a.length < minLetters || a.length >= b.length || a.includes(" ")) return false;
  const first = b.split(" ")[0] ?? b;
  if (first.startsWith(a)) return true;
  const stem = a.replace(/(?:ie|y|i|ey)$/u, "");
  return stem.length >= 3 && stem !== a && first.startsWith(stem);
}

export interface EntityResolver {
  /** The entity a name refers to, created (and marked changed) when there is none. */
  resolve(name: string, entityType: string): EntityRecord;
  /** The entity a name refers to, or undefined; creates nothing. */
  find(name: string, entityType: string): EntityRecord | undefined;
  /** The entity of an exact id. */
  byId(id: string): EntityRecord | undefined;
  /** The speaker's relative: the entity aliased "<speaker>'s <relation>", or a new placeholder named so. */
  relative(person: EntityRecord, relation: string): { entity: EntityRecord; created: boolean };
  /** Give a placeholder its real name ("Ana's sister" becomes "Maria"), or alias an entity; returns the entity. */
  name(person: EntityRecord, relation: string, name: string): EntityRecord;
  /** Add an alias to an entity. */
  addAlias(entity: EntityRecord, alias: string): void;
  /** Move an alias to an entity from any other that holds it ("Ana's daughter" to the name a correction gave her). */
  moveAlias(alias: string, to: EntityRecord): void;
  /** Entities created or changed since the resolver was made (merged-away ones excluded). */
  changed(): EntityRecord[];
  /** Placeholders merged into a named entity: old id → new id. */
  merged(): Map<string, string>;
  all(): EntityRecord[];
}

/** A resolver over the entities of one scope, loaded once; `now` stamps new entities. */
export function createEntityResolver(
  scope: GraphScopeKey,
  entities: EntityRecord[],
  now: number,
): EntityResolver {
  const all = [...entities];
  const byKey = new Map<string, EntityRecord[]>();
  // byKey's keys in the order they were added (none is ever removed): the fuzzy look-up walks them without making an
  // entry pair per key, and skips those whose length alone puts them out of reach
  const keys: string[] = [];
  const changed = new Set<EntityRecord>();
  const merges = new Map<string, string>();
  // the scope's people with a Chinese name, by surname, given name and the given name's last character: what a short
  // form (志强, 小李, 阿强, 张老师) looks up, instead of scanning the scope
  const bySurname = new Map<string, EntityRecord[]>();
  const byGiven = new Map<string, EntityRecord[]>();
  const byLastCharacter = new Map<string, EntityRecord[]>();
  const put = (map: Map<string, EntityRecord[]>, key: string, entity: EntityRecord) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [entity]);
    else if (!list.includes(entity)) list.push(entity);
  };

  // built on the first Chinese short form looked up, then kept up to date: a scope that never needs it never pays it
  let chineseIndexed = false;
  const indexChinese = (entity: EntityRecord, key: string) => {
    const parts = entity.entityType === "person" ? chineseNameParts(key) : null;
    if (!parts) return;
    put(bySurname, parts.surname, entity);
    if (parts.given.length === 2) put(byGiven, parts.given, entity);
    put(byLastCharacter, parts.given.slice(-1), entity);
  };

  const index = (entity: EntityRecord, name: string) => {
    const key = normalizeName(name);
    if (key.length === 0) return;
    const list = byKey.get(key);
    if (list === undefined) {
      byKey.set(key, [entity]);
      keys.push(key);
    } else if (!list.includes(entity)) list.push(entity);
    if (chineseIndexed) indexChinese(entity, key);
  };

  /** The people a Chinese short form can be of, as isChineseShortFormOf reads it. */
  const shortFormOf = (key: string): Set<EntityRecord> => {
    if (!chineseIndexed) {
      chineseIndexed = true;
      // byKey holds every name and alias already normalised
      for (const [name, entities] of byKey) for (const entity of entities) indexChinese(entity, name);
    }
    const people = new Set<EntityRecord>(byGiven.get(key) ?? []);
    if (key.length === 2 && /^[小老阿]/u.test(key)) {
      const rest = key.slice(1);
      for (const person of bySurname.get(rest) ?? []) people.add(person);
      for (const person of byLastCharacter.get(rest) ?? []) people.add(person);
    } else
      for (const title of CHINESE_TITLES)
        if (key.length > title.length && key.endsWith(title))
          for (const person of bySurname.get(key.slice(0, -title.length)) ?? []) people.add(person);
    for (const person of people) if (normalizeName(person.name) === key) people.delete(person);
    return people;
  };
  for (const entity of all) {
    index(entity, entity.name);
    for (const alias of entity.aliases) index(entity, alias);
  }

  const find = (name: string, entityType: string): EntityRecord | undefined => {
    const key = normalizeName(name);
    const exact = byKey.get(key);
    if (exact) return exact.find((e) => e.entityType === entityType) ?? exact[0];
    // 志强, 小李, 张老师: a Chinese short form finds the one person of the scope it can be of (none when two can)
    if (entityType === "person" && /^\p{Script=Han}+$/u.test(key)) {
      const people = shortFormOf(key);
      return people.size === 1 ? [...people][0] : undefined;
    }
    const limit = tolerance(key);
    if (limit === 0) return undefined;
    for (const other of keys) {
      if (Math.abs(other.length - key.length) > limit || editDistance(key, other, limit) > limit) continue;
      const match = (byKey.get(other) as EntityRecord[]).find((e) => e.entityType === entityType);
      if (match) return match;
    }
    return undefined;
  };

  const create = (name: string, entityType: string): EntityRecord => {
    const entity: EntityRecord = {
      id: newMemoryId(now).replace(/^mem_/, "ent_"),
      ...scope,
      name,
      entityType,
      aliases: [],
      observations: [],
      createdAt: now,
    };
    all.push(entity);
    index(entity, name);
    changed.add(entity);
    return entity;
  };

  const resolver: EntityResolver = {
    resolve(name, entityType) {
      return find(name, entityType) ?? create(name, entityType);
    },
    find(name, entityType) {
      return find(name, entityType);
    },
    byId(id) {
      return all.find((e) => e.id === id);
    },
    relative(person, relation) {
      const alias = relativeAlias(person.name, relation);
      const existing = byKey.get(normalizeName(alias))?.[0];
      if (existing) return { entity: existing, created: false };
      return { entity: create(alias, "person"), created: true };
    },
    name(person, relation, name) {
      const alias = relativeAlias(person.name, relation);
      const placeholder = byKey
        .get(normalizeName(alias))
        ?.find((e) => normalizeName(e.name) === normalizeName(alias));
      const named = find(name, "person");
      if (placeholder && !named) {
        placeholder.name = name;
        if (!placeholder.aliases.includes(alias)) placeholder.aliases.push(alias);
        index(placeholder, name);
        changed.add(placeholder);
        return placeholder;
      }
      const entity = named ?? create(name, "person");
      if (placeholder && named && placeholder !== named) {
        // Both exist ("Tom" was mentioned before he was named as the brother): the placeholder merges into him.
        merges.set(placeholder.id, named.id);
        for (const list of [
          ...byKey.values(),
          ...bySurname.values(),
          ...byGiven.values(),
          ...byLastCharacter.values(),
        ]) {
          const at = list.indexOf(placeholder);
          if (at < 0) continue;
          if (list.includes(named)) list.splice(at, 1);
          else list.splice(at, 1, named);
        }
        all.splice(all.indexOf(placeholder), 1);
        changed.delete(placeholder);
        for (const other of [alias, ...placeholder.aliases]) resolver.addAlias(named, other);
        named.observations.push(...placeholder.observations.filter((o) => !named.observations.includes(o)));
        return named;
      }
      if (!byKey.has(normalizeName(alias))) resolver.addAlias(entity, alias);
      return entity;
    },
    addAlias(entity, alias) {
      if (normalizeName(alias) === normalizeName(entity.name)) return;
      if (entity.aliases.some((a) => normalizeName(a) === normalizeName(alias))) return;
      entity.aliases.push(alias);
      index(entity, alias);
      changed.add(entity);
    },
    moveAlias(alias, to) {
      const key = normalizeName(alias);
      for (const holder of byKey.get(key) ?? []) {
        if (holder === to || normalizeName(holder.name) === key) continue;
        holder.aliases = holder.aliases.filter((a) => normalizeName(a) !== key);
        byKey.set(
          key,
          (byKey.get(key) ?? []).filter((e) => e !== holder),
        );
        changed.add(holder);
      }
      resolver.addAlias(to, alias);
    },
    changed() {
      return [...changed];
    },
    merged() {
      return merges;
    },
    all() {
      return all;
    },
  };
  return resolver;
}
