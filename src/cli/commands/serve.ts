/** `engram serve`: the HTTP API, the MCP endpoint and the inspector on one port, until SIGTERM or SIGINT. */
import type { Command } from "commander";
import { createLanguageModel, languageModelConfigFromEnv } from "../../providers/index.js";
import { createHttpApp, DEFAULT_BODY_LIMIT } from "../../server/http-app.js";
import { startHttpServer } from "../../server/http-server.js";
import { createImportJobs } from "../../server/import-jobs.js";
import { openApiKeyStore, startWithKeys } from "../key-store.js";
import { defaultRecallWorkers } from "../recall-pool.js";
import { openRecallPool } from "../recall-workers.js";
import { type CliContext, parseCount } from "../shared.js";
import { describeBinding, listenHost, parseAllowedHosts, waitForShutdown } from "./serve-shared.js";

interface ServeFlags {
  port: string;
  host?: string;
  allowHost?: string;
  bodyLimit: string;
  recallWorkers: string;
}

export function registerServeCommand(program: Command, cli: CliContext): void {
  program
    .command("serve")
    .description("serve the HTTP API (/v1), MCP (/mcp) and the inspector (/) until SIGTERM or Ctrl-C")
    .option("--port <n>", "port (0 picks a free one)", "8080")
    .option(
      "--host <address>",
      "address to listen on (default 127.0.0.1; 0.0.0.0 for every interface, only once a key exists; TLS is a proxy's job)",
    )
    .option(
      "--allow-host <names>",
      "comma-separated Host names to answer to besides loopback names (against DNS rebinding; * for any)",
    )
    .option("--body-limit <bytes>", "largest request body", String(DEFAULT_BODY_LIMIT))
    .option(
      "--recall-workers <n>",
      "worker threads that answer recalls, each with its own read connection (0: recall in the main thread)",
      String(defaultRecallWorkers()),
    )
    .action(async (flags: ServeFlags) => {
      const engine = await cli.open();
      const pool = openRecallPool(cli, engine, parseCount(flags.recallWorkers, "--recall-workers"));
      const keys = openApiKeyStore(cli);
      const adminKey = cli.io.env.ENGRAM_ADMIN_KEY || undefined;
      // chat, ask and translate answer through the language model configured in the environment, when there is one
      const llmConfig = languageModelConfigFromEnv(cli.io.env);
      const languageModel = llmConfig ? createLanguageModel(llmConfig) : undefined;
      const allowedHosts = parseAllowedHosts(flags.allowHost);
      const jobs = createImportJobs();
      const { host, server } = await startWithKeys(keys, async () => {
        const host = await listenHost(cli, keys, adminKey, flags.host);
        const server = await startHttpServer({
          app: createHttpApp({
            engine,
            keys,
            adminKey,
            languageModel,
            allowedHosts,
            jobs,
            recall: pool?.recall,
            bodyLimit: parseCount(flags.bodyLimit, "--body-limit"),
          }),
          port: parseCount(flags.port, "--port"),
          hostname: host.hostname,
          onClose: async () => {
            // an import job still running finishes its file before the store closes
            await jobs.idle();
            await pool?.close();
            await keys.close();
            await languageModel?.close?.();
            await cli.closeEngine();
          },
        });
        return { host, server };
      });
      cli.io.stderr(
        `engram: serving ${server.url} (inspector at /, API under /v1, OpenAPI at /openapi.json, MCP at /mcp); ${describeBinding(server)}\n`,
      );
      if (cli.json())
        cli.io.stdout(
          `${JSON.stringify({ url: server.url, port: server.port, host: server.hostname, auth: host.auth })}\n`,
        );
      await waitForShutdown(server, cli);
    });
}
