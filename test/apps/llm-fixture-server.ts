/** A recorded chat-completions response served on 127.0.0.1, recording the requests it gets, for LLM paths in tests. */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach } from "vitest";

export interface FixtureServer {
  baseUrl: string;
  /** The JSON bodies received, in order. */
  requests: { url: string; body: { model: string; messages: { role: string; content: string }[] } }[];
}

const servers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (servers.length > 0) await servers.pop()?.();
});

async function readBody(request: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of request) body += chunk;
  return body;
}

/** Serve `fixtures/<name>` as every /v1/chat/completions response. Closed after the test. */
export async function serveChatFixture(name: string): Promise<FixtureServer> {
  const fixture = readFileSync(join(import.meta.dirname, "fixtures", name), "utf8");
  const requests: FixtureServer["requests"] = [];
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      requests.push({ url: request.url ?? "", body: JSON.parse(body) });
      if (request.url !== "/v1/chat/completions") {
        response
          .writeHead(404, { "content-type": "application/json" })
          .end('{"error":{"message":"not found"}}');
        return;
      }
      response.writeHead(200, { "content-type": "application/json" }).end(fixture);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}/v1`, requests };
}
