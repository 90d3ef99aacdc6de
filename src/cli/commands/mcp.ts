/** `engram mcp`: the MCP server over stdio (default, for agent clients) or streamable HTTP (--http). */
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { Command } from "commander";
import { idSchema } from "../../core/schemas.js";
import { parseInput } from "../../core/validate.js";
import { startHttpServer } from "../../server/http-server.js";
import { createMcpHttpApp } from "../../server/mcp-http-app.js";
import { createMcpServer } from "../../server/mcp-server.js";
import { DEFAULT_TENANT } from "../../spec/memory.js";
import { openApiKeyStore, startWithKeys } from "../key-store.js";
import { type CliContext, parseCount } from "../shared.js";
import { describeBinding, listenHost, parseAllowedHosts, waitForShutdown } from "./serve-shared.js";

export function registerMcpCommand(program: Command, cli: CliContext): void {
  program
    .command("mcp")
    .description("serve MCP tools (knowledge graph, remember, recall, context, forget) over stdio, or --http")
    .option("--tenant <name>", "stdio: the tenant every tool acts in", DEFAULT_TENANT)
    .option("--http", "serve streamable HTTP at /mcp instead of stdio (keys decide the tenant)")
    .option("--port <n>", "with --http: port (0 picks a free one)", "8081")
    .option(
      "--host <address>",
      "with --http: address (default 127.0.0.1; another only once a key exists; TLS is a proxy's job)",
    )
    .option(
      "--allow-host <names>",
      "with --http: comma-separated Host names to answer to besides loopback names (* for any)",
    )
    .action(
      async (flags: { tenant: string; http?: boolean; port: string; host?: string; allowHost?: string }) => {
        const tenant = parseInput(idSchema, flags.tenant, "--tenant");
        const engine = await cli.open();
        if (!flags.http) {
          // stdout carries the protocol: anything a library logs goes to stderr instead.
          console.log = console.error;
          console.info = console.error;
          const server = createMcpServer({ engine, tenant });
          const transport = new StdioServerTransport();
          const ended = new Promise<void>((resolve) => {
            process.stdin.once("end", resolve);
            process.stdin.once("close", resolve);
            transport.onclose = resolve;
          });
          await server.connect(transport);
          await ended;
          await server.close();
          return;
        }
        const keys = openApiKeyStore(cli);
        const adminKey = cli.io.env.ENGRAM_ADMIN_KEY || undefined;
        const server = await startWithKeys(keys, async () => {
          const host = await listenHost(cli, keys, adminKey, flags.host);
          return startHttpServer({
            app: createMcpHttpApp({
              engine,
              keys,
              adminKey,
              allowedHosts: parseAllowedHosts(flags.allowHost),
            }),
            port: parseCount(flags.port, "--port"),
            hostname: host.hostname,
            onClose: async () => {
              await keys.close();
              await cli.closeEngine();
            },
          });
        });
        cli.io.stderr(`engram: MCP over streamable HTTP at ${server.url}/mcp; ${describeBinding(server)}\n`);
        if (cli.json()) cli.io.stdout(`${JSON.stringify({ url: `${server.url}/mcp`, port: server.port })}\n`);
        await waitForShutdown(server, cli);
      },
    );
}
