/**
 * The checks every request passes before a route sees it, so that a web page the operator opens cannot use the
 * server: the Host header (loopback names only while no key is configured, against DNS rebinding), cross-site
 * requests (Origin and Sec-Fetch-Site), the content type of bodies (JSON, or what the route declares, never a
 * form or text/plain that a page may send without a preflight), and the security headers of every answer.
 */
import type { Context, MiddlewareHandler } from "hono";
import { EngramError, ERROR_CODES } from "../spec/errors.js";
import { forbidden, problemResponse } from "./problem.js";

export interface EdgeGuardOptions {
  /**
   * Host names (without port) the server answers to besides the loopback names (localhost, *.localhost, 127.0.0.0/8,
   * [::1]), which it always answers to. Default: none while no key is configured, any once keys are required (the
   * key is then the defence). "*" turns the check off.
   */
  allowedHosts?: readonly string[];
  /** Whether requests must carry a key right now (no key configured means open mode). */
  keysRequired: () => Promise<boolean>;
  /** The media types a route's body may have, by method and path; JSON when it says nothing. */
  bodyTypes?: (method: string, path: string) => readonly string[] | undefined;
}

const JSON_TYPE = "application/json";
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
const SAFE_SITES = new Set(["same-origin", "none"]);
const INSPECTOR_PATHS = new Set(["/", "/inspector.js", "/inspector.css"]);

/** The inspector's policy: its own script and style only, no inline code, no framing, requests to itself only. */
export const INSPECTOR_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
/** Every other answer is data, never a document: nothing may load from it or frame it. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

const SECURITY_HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
};

/** The host name of a Host header or URL authority, lower-cased, without port or IPv6 brackets. */
export function hostName(authority: string): string {
  const value = authority.trim().toLowerCase();
  if (value.startsWith("[")) return value.slice(1, value.indexOf("]") > 0 ? value.indexOf("]") : undefined);
  const colon = value.lastIndexOf(":");
  return colon >= 0 && value.indexOf(":") === colon ? value.slice(0, colon) : value;
}

/** localhost, *.localhost, 127.0.0.0/8 and ::1: names that only ever reach this machine. */
export function isLoopbackName(name: string): boolean {
  return (
    name === "localhost" ||
    name.endsWith(".localhost") ||
    name === "::1" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
  );
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

function unsupportedMediaType(types: readonly string[], got: string): EngramError {
  return new EngramError({
    code: ERROR_CODES.unsupportedMediaType,
    category: "user",
    where: "content-type",
    message: `${got === "" ? "the request has no Content-Type" : `Content-Type ${got} is not accepted here`}: send ${types.join(" or ")}`,
  });
}

function requestHasBody(c: Context): boolean {
  const length = c.req.header("content-length");
  return (length !== undefined && length !== "0") || c.req.header("transfer-encoding") !== undefined;
}

/** Why a request is cross-site, or null when it is not: a browser says so in Sec-Fetch-Site, or an Origin that is not this host. */
function crossSite(c: Context): string | null {
  const site = c.req.header("sec-fetch-site");
  if (site !== undefined && !SAFE_SITES.has(site.toLowerCase())) return `Sec-Fetch-Site: ${site}`;
  const origin = c.req.header("origin");
  if (origin === undefined) return null;
  const host = c.req.header("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return `Origin: ${origin.slice(0, 100)}`;
  }
  return host !== undefined && originHost === host.trim().toLowerCase()
    ? null
    : `Origin: ${origin.slice(0, 100)}`;
}

/**
 * The guard, as Hono middleware: refuses with problem+json (403 for a host or a site, 415 for a content type) before
 * anything else runs, and sets the security headers on every answer, errors included.
 * @example
 * app.use("*", createEdgeGuard({ keysRequired: () => auth.required() }));
 */
export function createEdgeGuard(options: EdgeGuardOptions): MiddlewareHandler {
  const allowed = options.allowedHosts?.map((host) => hostName(host));
  const anyHost = allowed?.includes("*") ?? false;

  async function check(c: Context): Promise<EngramError | null> {
    const host = c.req.header("host");
    if (host !== undefined && !anyHost) {
      const name = hostName(host);
      const answers =
        isLoopbackName(name) || (allowed ? allowed.includes(name) : await options.keysRequired());
      if (!answers) {
        return forbidden(
          allowed
            ? `this server answers only to loopback names and ${allowed.join(", ")}: use one of them, or add this one with --allow-host`
            : "with no API key configured this server answers only to loopback names (localhost, 127.0.0.1, [::1]): use one of them, create a key (`engram keys create`), or name this host with --allow-host",
          "host",
        );
      }
    }
    const path = c.req.path;
    const navigation =
      (c.req.method === "GET" || c.req.method === "HEAD") &&
      c.req.header("sec-fetch-mode") === "navigate" &&
      INSPECTOR_PATHS.has(path);
    const site = navigation ? null : crossSite(c);
    if (site !== null) {
      return forbidden(
        `cross-site requests are refused (${site}): call the API from a program, or open the inspector from this server`,
        "origin",
      );
    }
    if (BODY_METHODS.has(c.req.method)) {
      // a declared route, or any request with a body: an empty one to no route is left to answer 404
      const declared = options.bodyTypes?.(c.req.method, path);
      const types = declared ?? [JSON_TYPE];
      const type = mediaType(c.req.header("content-type"));
      if ((declared !== undefined || requestHasBody(c)) && !types.includes(type))
        return unsupportedMediaType(types, type);
    }
    return null;
  }

  return async (c, next) => {
    const refusal = await check(c);
    if (refusal) c.res = problemResponse(refusal);
    else await next();
    const inspector = INSPECTOR_PATHS.has(c.req.path);
    const extra: Record<string, string> = {
      ...SECURITY_HEADERS,
      ...(c.res.headers.has("content-security-policy")
        ? {}
        : { "content-security-policy": inspector ? INSPECTOR_CSP : API_CSP }),
      ...(inspector ? {} : { "cache-control": "no-store" }),
      // refused before its body was read: the rest of the body is still on the socket, so it must not carry
      // another request (the client would see its next request fail with "other side closed")
      ...(requestHasBody(c) && !c.req.raw.bodyUsed ? { connection: "close" } : {}),
    };
    try {
      for (const [name, value] of Object.entries(extra)) c.res.headers.set(name, value);
    } catch {
      // a Response with immutable headers (from a fetch): copy it
      const copy = new Response(c.res.body, c.res);
      for (const [name, value] of Object.entries(extra)) copy.headers.set(name, value);
      c.res = copy;
    }
  };
}
