/**
 * A recorded chat-completions server for the dialogue tests: requests that ask for JSON (`response_format`, the
 * engine's fact extraction) get the extraction reply, every other request the chat answer. Requests are recorded.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach } from "vitest";

export interface RecordedRequest {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: unknown;
}

export interface DialogueFixtureServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** The requests that were chat answers (no response_format). */
  answers(): RecordedRequest[];
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures", name), "utf8");

async function readBody(request: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of request) body += chunk;
  return body;
}

/** Serve the dialogue answer and the empty extraction on 127.0.0.1; closed after the test. */
export async function serveDialogueFixtures(
  answer = "chat-completion-dialogue.json",
  extraction = "chat-completion-extract-none.json",
): Promise<DialogueFixtureServer> {
  const replies = { answer: fixture(answer), extraction: fixture(extraction) };
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    void readBody(request).then((text) => {
      const body = JSON.parse(text) as RecordedRequest;
      requests.push(body);
      if (request.url !== "/v1/chat/completions") {
        response
          .writeHead(404, { "content-type": "application/json" })
          .end('{"error":{"message":"not found"}}');
        return;
      }
      response
        .writeHead(200, { "content-type": "application/json" })
        .end(body.response_format ? replies.extraction : replies.answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    answers: () => requests.filter((request) => !request.response_format),
  };
}
