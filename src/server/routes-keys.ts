/** The admin key's routes (/v1/keys): create, list and revoke API keys. */
import type { Hono } from "hono";
import { parseInput } from "../core/validate.js";
import type { ApiKeyStore } from "../spec/api-keys.js";
import { type Principal, requireAdmin } from "./auth.js";
import { createKeySchema } from "./http-schemas.js";
import { notAvailable } from "./problem.js";
import { readJson } from "./request-input.js";
import type { TenantView } from "./tenant-view.js";

type KeysEnv = { Variables: { principal: Principal; view: TenantView } };

export function registerKeyRoutes(app: Hono<KeysEnv>, keys: ApiKeyStore | undefined): void {
  const keyStore = (): ApiKeyStore => {
    if (!keys) throw notAvailable("key management (this server has no key store)");
    return keys;
  };
  app.post("/v1/keys", async (c) => {
    requireAdmin(c.var.principal);
    const input = parseInput(createKeySchema, await readJson(c));
    const { key, record } = await keyStore().create(input);
    return c.json({ key, tenant: record.tenant, id: record.id, admin: record.admin }, 201);
  });
  app.get("/v1/keys", async (c) => {
    requireAdmin(c.var.principal);
    return c.json({ keys: await keyStore().list() });
  });
  app.delete("/v1/keys/:id", async (c) => {
    requireAdmin(c.var.principal);
    return c.json(await keyStore().revoke(c.req.param("id")));
  });
}
