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
  [ERROR_CODES.unauthorized]: 401,
  [ERROR_CODES.forbidden]: 403,
  [ERROR_CODES.notFound]: 404,
  [ERROR_CODES.embedderMismatch]: 409,
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

const MISCONFIGURED = "the server is misconfigured: its operator's log says why";

/**
 * Errors that are the operator's to fix, whatever their category says to the CLI (a bad database password is a user
 * error for `engram` but not for an HTTP client): their status, and all a client is told, never their message (hosts,
 * users, ports, databases, paths).
 */
const OPERATOR_ERRORS: Partial<Record<ErrorCode, { status: number; detail: string }>> = {
  [ERROR_CODES.storeUnavailable]: {
    status: 503,
    detail: `the store cannot be reached right now: retry after ${RETRY_AFTER_SECONDS} seconds (the operator's log says why)`,
  },
  [ERROR_CODES.storeUnwritable]: {
    status: 503,
    detail: `the server cannot write its store right now: retry after ${RETRY_AFTER_SECONDS} seconds (the operator's log says why)`,
  },
  [ERROR_CODES.storeFailure]: {
    status: 500,
    detail: "the store failed: retry, and report it if it happens again (the operator's log says why)",
  },
  [ERROR_CODES.configInvalid]: { status: 500, detail: MISCONFIGURED },
  [ERROR_CODES.notEngramStore]: { status: 500, detail: MISCONFIGURED },
  [ERROR_CODES.schemaTooNew]: { status: 500, detail: MISCONFIGURED },
};
const SYSTEM_DETAIL =
  "the server failed: retry, and report it if it happens again (the operator's log says why)";

/** The HTTP status for an error: the operator's errors by code, then by category (provider 502, system 500), then by code. */
export function statusFor(error: unknown): number {
  if (!EngramError.isInstance(error)) return 500;
  const operator = OPERATOR_ERRORS[error.code];
  if (operator) return operator.status;
  if (error.category === "provider") return 502;
  if (error.category === "system") return 500;
  return STATUS_BY_CODE[error.code] ?? 400;
}

/** Whether an error's details belong in the operator's log, not in the answer: anything not the caller's mistake. */
export function isServerSide(error: unknown): boolean {
  return (
    !EngramError.isInstance(error) || error.category !== "user" || OPERATOR_ERRORS[error.code] !== undefined
  );
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
  if (isServerSide(error) && error.category !== "provider") {
    return {
      type: `urn:engram:problem:${error.code}`,
      title: TITLES[status] ?? "Error",
      status,
      detail: OPERATOR_ERRORS[error.code]?.detail ?? SYSTEM_DETAIL,
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
