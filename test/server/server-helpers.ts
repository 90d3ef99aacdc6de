/** Helpers for the server tests: an engine with its key store over one temporary SQLite file, and JSON requests. */
import type { Hono } from "hono";
import { afterEach } from "vitest";
import { createHttpApp, type HttpAppOptions } from "../../src/server/http-app.js";
import type { ApiKeyStore } from "../../src/spec/api-keys.js";
import { createSqliteApiKeyStore } from "../../src/stores/sqlite/api-key-store.js";
import { openTestEngine, type TestEngine } from "../helpers.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

/** A Response whose JSON is untyped, as tests read it. */
export interface TestResponse extends Response {
  // biome-ignore lint/suspicious/noExplicitAny: tests assert on the JSON's shape
  json(): Promise<any>;
  clone(): TestResponse;
}

export interface TestServer extends TestEngine {
  keys: ApiKeyStore;
  // biome-ignore lint/suspicious/noExplicitAny: the app's env type is internal to the server
  app: Hono<any>;
  /** A request with a JSON body (a string is sent as is) and an optional bearer key. */
  call(
    method: string,
    path: string,
    options?: { body?: unknown; key?: string; headers?: Record<string, string> },
  ): Promise<TestResponse>;
  /** How many memories the whole file holds, every tenant. */
  count(): Promise<number>;
}

export function openTestServer(
  options: Partial<Omit<HttpAppOptions, "engine" | "keys">> & { now?: () => number } = {},
): TestServer {
  const opened = openTestEngine({ now: options.now });
  const keys = createSqliteApiKeyStore({ path: opened.path });
  closers.push(() => keys.close());
  const app = createHttpApp({ engine: opened.engine, keys, ...options });
  return {
    ...opened,
    keys,
    app,
    call(method, path, { body, key, headers = {} } = {}) {
      return Promise.resolve(
        app.request(path, {
          method,
          headers: {
            ...(body !== undefined ? { "content-type": "application/json" } : {}),
            ...(key ? { authorization: `Bearer ${key}` } : {}),
            ...headers,
          },
          body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
        }),
      ) as Promise<TestResponse>;
    },
    async count() {
      return (await opened.store.stats()).memories;
    },
  };
}
