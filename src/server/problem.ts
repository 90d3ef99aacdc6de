/**
 * Errors as RFC 9457 problem details: one place maps an EngramError's code and category to an HTTP status, and keeps
 * what only the operator should see (a system error's message names hosts, ports, databases and files) in the log.
 */
import { EngramError, ERROR_CODES, type ErrorCode } from "../spec/errors.js";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode | "internal";
  where?: string;
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  [ERROR_CODES.invalidInput]: 400,
  [ERROR_CODES.emptyQuery]: 400,
  [ERROR_CODES.configInvalid]: 400,
  [ERROR_CODES.unauthorized]: 401,
  [ERROR_CODES.forbidden]: 403,
  [ERROR_CODES.notFound]: 404,
  [ERROR_CODES.embedderMismatch]: 409,
  [ERROR_CODES.schemaTooNew]: 409,
  [ERROR_CODES.notEngramStore]: 409,
  [ERROR_CODES.storeUnwritable]: 503,
  [ERROR_CODES.payloadTooLarge]: 413,
  [ERROR_CODES.unsupportedMediaType]: 415,
  [ERROR_CODES.notAvailable]: 501,
};

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  413: "Payload too large",
  415: "Unsupported media type",
  500: "Internal server error",
  501: "Not implemented",
  502: "Bad gateway",
  503: "Service unavailable",
};

/** Seconds a client should wait before retrying when the store is unreachable (a restart takes a few). */
export const RETRY_AFTER_SECONDS = 5;

/** What a client is told of a system error: never its message (hosts, users, paths), only what it can do. */
const SYSTEM_DETAILS: Partial<Record<ErrorCode, string>> = {
  [ERROR_CODES.storeUnavailable]: `the store cannot be reached right now: retry after ${RETRY_AFTER_SECONDS} seconds (the operator's log says why)`,
};
const SYSTEM_DETAIL =
  "the server failed: retry, and report it if it happens again (the operator's log says why)";

/** The HTTP status for an error: by code for the user's mistakes, else by category (provider 502, system 500; 503 while the store is unreachable). */
export function statusFor(error: unknown): number {
  if (!EngramError.isInstance(error)) return 500;
  if (error.code === ERROR_CODES.storeUnavailable) return 503;
  if (error.category === "provider") return 502;
  if (error.category === "system") return 500;
  return STATUS_BY_CODE[error.code] ?? 400;
}

/** Whether an error's details belong in the operator's log rather than (only) in the answer: anything not the caller's mistake. */
export function isServerSide(error: unknown): boolean {
  return !EngramError.isInstance(error) || error.category !== "user";
}

/** The problem body for an error. Unexpected errors say only that they happened: their details stay in the log. */
export function toProblem(error: unknown): Problem {
  const status = statusFor(error);
  if (!EngramError.isInstance(error)) {
    return {
      type: "urn:engram:problem:internal",
      title: TITLES[500] as string,
      status,
      detail: "the server failed unexpectedly: retry, and report it if it happens again",
      code: "internal",
    };
  }
  if (error.category === "system") {
    return {
      type: `urn:engram:problem:${error.code}`,
      title: TITLES[status] ?? "Error",
      status,
      detail: SYSTEM_DETAILS[error.code] ?? SYSTEM_DETAIL,
      code: error.code,
    };
  }
  return {
    type: `urn:engram:problem:${error.code}`,
    title: TITLES[status] ?? "Error",
    status,
    detail: error.message,
    code: error.code,
    ...(error.where ? { where: error.where } : {}),
  };
}

/** A problem+json Response for an error. */
export function problemResponse(error: unknown): Response {
  const problem = toProblem(error);
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: {
      "content-type": PROBLEM_CONTENT_TYPE,
      ...(problem.status === 503 ? { "retry-after": String(RETRY_AFTER_SECONDS) } : {}),
    },
  });
}

/** Shorthands for the errors only the HTTP layer raises. */
export function unauthorized(message: string): EngramError {
  return new EngramError({ code: ERROR_CODES.unauthorized, category: "user", message });
}

export function forbidden(message: string, where?: string): EngramError {
  return new EngramError({ code: ERROR_CODES.forbidden, category: "user", message, where });
}

export function notAvailable(what: string): EngramError {
  return new EngramError({
    code: ERROR_CODES.notAvailable,
    category: "user",
    message: `${what} is not available in this version of the engine yet: upgrade Engram, or use recall instead`,
  });
}
