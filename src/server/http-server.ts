/** Serve an app over Node's HTTP server, and shut down gracefully: stop accepting, finish requests in flight, then close. */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";

export interface HttpServerOptions {
  /** Anything with a fetch handler: a Hono app. */
  app: { fetch: (request: Request, ...rest: never[]) => Response | Promise<Response> };
  port?: number;
  hostname?: string;
  /** Called once every request in flight has finished, after the server stopped accepting: close the engine here. */
  onClose?: () => Promise<void> | void;
  /** How long shutdown waits for requests in flight (default 10 s). */
  drainTimeoutMs?: number;
}

export interface HttpServer {
  readonly url: string;
  readonly port: number;
  readonly hostname: string;
  /** Requests being answered now. */
  inFlight(): number;
  /** Stop accepting, wait for requests in flight, run onClose. Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Start listening; resolves once the port is bound.
 * @example
 * const server = await startHttpServer({ app: createHttpApp({ engine }), port: 8080, hostname: "127.0.0.1", onClose: () => engine.close() });
 * process.once("SIGTERM", () => void server.close());
 */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const hostname = options.hostname ?? "127.0.0.1";
  let active = 0;
  let idle: (() => void) | null = null;
  const server = createAdaptorServer({
    fetch: async (request: Request) => {
      active++;
      try {
        return await options.app.fetch(request);
      } finally {
        active--;
        if (active === 0) idle?.();
      }
    },
    hostname,
  }) as Server;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8080, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    hostname,
    inFlight: () => active,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        if (active > 0) {
          await Promise.race([
            new Promise<void>((resolve) => {
              idle = resolve;
            }),
            new Promise<void>((resolve) => setTimeout(resolve, options.drainTimeoutMs ?? 10_000).unref()),
          ]);
        }
        // Let the last answers reach their sockets, then close what clients keep alive.
        server.closeIdleConnections();
        const grace = setInterval(() => server.closeIdleConnections(), 50);
        await Promise.race([stopped, new Promise<void>((resolve) => setTimeout(resolve, 1000).unref())]);
        clearInterval(grace);
        server.closeAllConnections();
        await stopped;
        await options.onClose?.();
      })();
      return closing;
    },
  };
}
