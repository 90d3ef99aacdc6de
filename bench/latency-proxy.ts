/**
 * A TCP proxy that delays every chunk by a fixed time each way, in order: a database on this machine read as if it
 * were on another host. Loopback answers in tens of microseconds, so a store's round trips cost nothing here that
 * they cost in a deployment; with the proxy in between, statements run one after another add up as they would there.
 * Node's timers fire at 1 ms at the finest, so the delay is whole milliseconds (1 ms each way: a 2 ms round trip,
 * like a server in another availability zone). It runs in the process that uses it: its relaying shares that process's
 * event loop, so a busy engine delays the bytes a little more, the same for any two builds compared in turn.
 */
import net from "node:net";

export interface LatencyProxy {
  /** The URL to connect to instead of `url` (same user, database and options; the proxy's host and port). */
  url: string;
  close(): Promise<void>;
}

/** Starts a proxy in front of the server `url` names, each chunk delayed by `delayMs` in each direction. */
export async function startLatencyProxy(url: string, delayMs: number): Promise<LatencyProxy> {
  const target = new URL(url);
  const sockets = new Set<net.Socket>();
  const relay = (from: net.Socket, to: net.Socket) => {
    from.on("data", (chunk) => {
      // timers of one duration fire in the order they were set: the bytes keep their order
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, delayMs);
    });
    from.on("end", () => setTimeout(() => to.end(), delayMs));
    from.on("error", () => to.destroy());
    from.on("close", () => setTimeout(() => to.destroy(), delayMs));
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    }
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as net.AddressInfo;
  const proxied = new URL(url);
  proxied.hostname = "127.0.0.1";
  proxied.port = String(address.port);
  return {
    url: proxied.toString(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
