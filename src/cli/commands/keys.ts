/** `engram keys create|list|revoke`: API keys for `engram serve` and `engram mcp --http`, stored hashed beside the memories. */
import type { Command } from "commander";
import type { ApiKeyStore } from "../../spec/api-keys.js";
import { openApiKeyStore } from "../key-store.js";
import type { CliContext } from "../shared.js";

async function withKeys<T>(cli: CliContext, work: (keys: ApiKeyStore) => Promise<T>): Promise<T> {
  const keys = openApiKeyStore(cli);
  try {
    return await work(keys);
  } finally {
    await keys.close();
  }
}

export function registerKeysCommands(program: Command, cli: CliContext): void {
  const keys = program
    .command("keys")
    .description("API keys: each belongs to one tenant; only a hash is stored");

  keys
    .command("create")
    .description("create a key and print it (shown once)")
    .requiredOption("--tenant <name>", "the tenant whose memories the key reaches")
    .option(
      "--admin",
      "a root key: besides its own tenant's memories it may create, list and revoke keys of every tenant and import into any tenant over HTTP (docs/security.md)",
    )
    .option("--name <label>", "a label for `keys list`")
    .action(async (flags: { tenant: string; admin?: boolean; name?: string }) => {
      const { key, record } = await withKeys(cli, (store) =>
        store.create({ tenant: flags.tenant, admin: flags.admin === true, name: flags.name }),
      );
      cli.print(
        { key, tenant: record.tenant, id: record.id },
        [
          key,
          `tenant ${record.tenant}${record.admin ? ", admin" : ""}, id ${record.id}`,
          "Keep it now: only its hash is stored, so it cannot be shown again.",
        ].join("\n"),
      );
    });

  keys
    .command("list")
    .description("list keys (never their secrets)")
    .action(async () => {
      const list = await withKeys(cli, (store) => store.list());
      cli.print(
        { keys: list },
        list.length === 0
          ? "no keys: the server runs open on 127.0.0.1"
          : list
              .map(
                (k) =>
                  `${k.id}  ${k.prefix}…  tenant ${k.tenant}${k.admin ? " (admin)" : ""}${k.name ? `  "${k.name}"` : ""}  ${
                    k.revokedAt ? `revoked ${new Date(k.revokedAt).toISOString()}` : "active"
                  }`,
              )
              .join("\n"),
      );
    });

  keys
    .command("revoke")
    .description("revoke a key by id; it stops working at once")
    .argument("<id>")
    .action(async (id: string) => {
      const record = await withKeys(cli, (store) => store.revoke(id));
      cli.print(record, `revoked ${record.id} (tenant ${record.tenant})`);
    });
}
