/** What `serve` and `mcp --http` share: where to listen given the keys, the banner that says so, and shutting down on a signal. */
import type { HttpServer } from "../../server/http-server.js";
import type { ApiKeyStore } from "../../spec/api-keys.js";
import { invalidInput } from "../../spec/errors.js";
import type { CliContext } from "../shared.js";

const LOOPBACK = "127.0.0.1";
const LOOPBACK_ADDRESSES = new Set(["127.0.0.1", "::1", "localhost"]);

/**
 * The address to listen on: 127.0.0.1 unless --host names another. Without any key the server is open, so it may
 * listen on loopback only: a --host beyond it is refused (create a key first).
 */
export async function listenHost(
  cli: CliContext,
  keys: ApiKeyStore,
  adminKey: string | undefined,
  host: string | undefined,
): Promise<{ hostname: string; auth: boolean }> {
  const auth = adminKey !== undefined || (await keys.hasActiveKeys());
  if (auth) return { hostname: host ?? LOOPBACK, auth };
  if (host !== undefined && !LOOPBACK_ADDRESSES.has(host)) {
    throw invalidInput(
      `no API key is configured, so the server may listen on loopback only, not ${host}: create a key (\`engram keys create --tenant <name>\`) or set ENGRAM_ADMIN_KEY, then start it again`,
      "--host",
    );
  }
  cli.io.stderr(
    `engram: no API key is configured, so the server listens on ${LOOPBACK} only, answers to loopback names only and every request acts as the default tenant; create a key with \`engram keys create --tenant <name>\` or set ENGRAM_ADMIN_KEY\n`,
  );
  return { hostname: host === "::1" ? host : LOOPBACK, auth };
}

/** The banner's line about the address: which interfaces hear the server, and that TLS is a proxy's job. */
export function describeBinding(server: HttpServer): string {
  const everywhere = server.hostname === "0.0.0.0" || server.hostname === "::";
  const loopback = LOOPBACK_ADDRESSES.has(server.hostname);
  const reach = everywhere
    ? "every network interface"
    : loopback
      ? "this machine only (loopback)"
      : `the interface with address ${server.hostname}`;
  const tls = loopback ? "" : "; plain HTTP: put a TLS-terminating proxy in front of it (docs/security.md)";
  return `listening on ${server.hostname} port ${server.port}, reachable from ${reach}${tls}`;
}

/** --allow-host a,b: the Host names the server answers to, beyond the defaults. */
export function parseAllowedHosts(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  if (names.length === 0)
    throw invalidInput("--allow-host needs host names, such as engram.internal", "--allow-host");
  return names;
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
