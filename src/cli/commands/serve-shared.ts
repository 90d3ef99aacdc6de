/** What `serve` and `mcp --http` share: where to listen given the keys, and waiting for a signal to shut down. */
import type { HttpServer } from "../../server/http-server.js";
import type { ApiKeyStore } from "../../spec/api-keys.js";
import type { CliContext } from "../shared.js";

const LOOPBACK = "127.0.0.1";

/** Without any key the server is open, so it listens on loopback only, whatever --host says, and says so. */
export async function listenHost(
  cli: CliContext,
  keys: ApiKeyStore,
  adminKey: string | undefined,
  host: string | undefined,
): Promise<{ hostname: string; auth: boolean }> {
  const auth = adminKey !== undefined || (await keys.hasActiveKeys());
  if (auth) return { hostname: host ?? "0.0.0.0", auth };
  cli.io.stderr(
    `engram: no API key is configured, so the server listens on ${LOOPBACK} only and every request acts as the default tenant${host && host !== LOOPBACK ? ` (--host ${host} ignored)` : ""}; create a key with \`engram keys create --tenant <name>\` or set ENGRAM_ADMIN_KEY\n`,
  );
  return { hostname: LOOPBACK, auth };
}

/** Resolves once SIGTERM or SIGINT has shut the server down: no new connections, requests in flight finished. */
export async function waitForShutdown(server: HttpServer, cli: CliContext): Promise<void> {
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.off("SIGTERM", onTerm);
      process.off("SIGINT", onInt);
      cli.io.stderr(`engram: ${signal}: finishing ${server.inFlight()} request(s) in flight, then closing\n`);
      void server.close().then(resolve, resolve);
    };
    const onTerm = () => stop("SIGTERM");
    const onInt = () => stop("SIGINT");
    process.once("SIGTERM", onTerm);
    process.once("SIGINT", onInt);
  });
  cli.io.stderr("engram: closed\n");
}
