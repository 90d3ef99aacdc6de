/** What every API key store shares: how a key is made, the SHA-256 hash it is stored under, the prefix shown in lists, and its errors. */
import { createHash, randomBytes } from "node:crypto";
import type { ApiKeyRecord, NewApiKeyInput } from "../spec/api-keys.js";
import { EngramError, ERROR_CODES, invalidInput } from "../spec/errors.js";
import { ID_MAX_LENGTH, ID_PATTERN, ID_RULE_TEXT } from "../spec/limits.js";

/** Every key starts with this, so a key is recognisable (and a secret scanner can find a leaked one). */
export const API_KEY_PREFIX = "egk_";
/** The prefix plus 6 characters of the random part: enough to tell keys apart in a list, far too few to guess one. */
const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 6;

/** The hash a key is stored under (hex SHA-256): a key is random and 256 bits long, so no salt or slow hash is needed. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** Whether `key` has the shape of an Engram key; anything else is refused before a look-up. */
export function looksLikeApiKey(key: string): boolean {
  return typeof key === "string" && key.startsWith(API_KEY_PREFIX);
}

export interface NewApiKey {
  /** The key itself: returned to the caller once, never stored. */
  key: string;
  /** What the store keeps instead of the key. */
  hash: string;
  record: ApiKeyRecord;
}

/** Checks the input and makes a new key with its record (not yet stored). */
export function newApiKey(input: NewApiKeyInput, createdAt: number): NewApiKey {
  const tenant = input.tenant?.trim() ?? "";
  if (tenant.length === 0 || tenant.length > ID_MAX_LENGTH || !ID_PATTERN.test(tenant)) {
    throw invalidInput(`a key needs a tenant id of ${ID_RULE_TEXT}: pass --tenant <name>`, "tenant");
  }
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  return {
    key,
    hash: hashApiKey(key),
    record: {
      id: `key_${randomBytes(8).toString("hex")}`,
      tenant,
      admin: input.admin === true,
      name: input.name ?? null,
      prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
      createdAt,
      revokedAt: null,
    },
  };
}

/** Revoking an id no key has. */
export function apiKeyNotFound(id: string): EngramError {
  return new EngramError({
    code: ERROR_CODES.notFound,
    category: "user",
    where: id,
    message: "no API key has this id: list the keys with `engram keys list`",
  });
}
