/** Who is calling: a bearer key resolves to a tenant (and whether it is an admin); without any key configured, the default tenant. */
import { createHash, timingSafeEqual } from "node:crypto";
import type { ApiKeyStore } from "../spec/api-keys.js";
import { DEFAULT_TENANT } from "../spec/memory.js";
import { forbidden, unauthorized } from "./problem.js";

export interface Principal {
  tenant: string;
  admin: boolean;
  /** The key's id, "admin-env" for ENGRAM_ADMIN_KEY, null in open mode. */
  keyId: string | null;
}

export interface AuthOptions {
  keys?: ApiKeyStore;
  /** The admin key from ENGRAM_ADMIN_KEY: manages keys, acts as `adminTenant` for memories. */
  adminKey?: string;
  adminTenant?: string;
}

export interface Auth {
  /** Resolve an Authorization header to a principal, or throw `unauthorized`. */
  authenticate(header: string | undefined): Promise<Principal>;
  /** Whether any key is configured (then every request must carry one). */
  required(): Promise<boolean>;
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/**
 * Authentication for the HTTP and MCP servers.
 * @example
 * const auth = createAuth({ keys, adminKey: process.env.ENGRAM_ADMIN_KEY });
 * const { tenant } = await auth.authenticate(request.headers.get("authorization") ?? undefined);
 */
export function createAuth(options: AuthOptions): Auth {
  const adminDigest = options.adminKey ? digest(options.adminKey) : null;
  const adminTenant = options.adminTenant ?? DEFAULT_TENANT;

  async function required(): Promise<boolean> {
    return adminDigest !== null || ((await options.keys?.hasActiveKeys()) ?? false);
  }

  return {
    required,
    async authenticate(header) {
      if (header === undefined || header.trim() === "") {
        if (await required()) {
          throw unauthorized(
            "this server needs an API key: send `Authorization: Bearer <key>` (create one with `engram keys create --tenant <name>`)",
          );
        }
        return { tenant: DEFAULT_TENANT, admin: false, keyId: null };
      }
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) {
        throw unauthorized("the Authorization header must be `Bearer <key>`");
      }
      const key = match[1] as string;
      if (adminDigest && timingSafeEqual(digest(key), adminDigest)) {
        return { tenant: adminTenant, admin: true, keyId: "admin-env" };
      }
      const record = await options.keys?.verify(key);
      if (!record) {
        throw unauthorized("this API key is unknown or revoked: check it, or create a new one");
      }
      return { tenant: record.tenant, admin: record.admin, keyId: record.id };
    },
  };
}

/** Only an admin key may manage keys. */
export function requireAdmin(principal: Principal): void {
  if (!principal.admin) {
    throw forbidden(
      "only an admin key can manage API keys: use ENGRAM_ADMIN_KEY or a key made with `engram keys create --admin`",
    );
  }
}
