/** API keys for the HTTP and MCP servers: each key belongs to one tenant; only a hash of the key is ever stored. */

/** A key as listed: never the key itself. */
export interface ApiKeyRecord {
  id: string;
  tenant: string;
  /** An admin key may also create and revoke keys over HTTP. */
  admin: boolean;
  /** A label chosen at creation, or null. */
  name: string | null;
  /** The first characters of the key, to tell keys apart in a list. */
  prefix: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  revokedAt: number | null;
}

export interface NewApiKeyInput {
  tenant: string;
  admin?: boolean;
  name?: string;
}

export interface ApiKeyStore {
  /** Make a key; the returned `key` is shown once and cannot be read back. */
  create(input: NewApiKeyInput): Promise<{ key: string; record: ApiKeyRecord }>;
  /** The active (not revoked) key matching `key`, or null. */
  verify(key: string): Promise<ApiKeyRecord | null>;
  /** Every key, newest first, revoked ones included. */
  list(): Promise<ApiKeyRecord[]>;
  /** Revoke a key by id; `not_found` when there is no such key. Revoking twice is not an error. */
  revoke(id: string): Promise<ApiKeyRecord>;
  /** Whether any key is active: a server with none runs open on loopback. */
  hasActiveKeys(): Promise<boolean>;
  close(): Promise<void>;
}
