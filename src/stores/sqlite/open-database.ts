/**
 * Opening a SQLite store file: refuse what is not an Engram store before SQLite touches it, create a new file private
 * to its owner, migrate or check the schema, and turn what SQLite throws into errors that say what to do.
 */
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  statSync,
} from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { EngramError, ERROR_CODES } from "../../spec/errors.js";
import { storeFailure } from "../runtime/store-errors.js";
import { inspectSchema, migrate, SCHEMA_VERSION } from "./schema.js";

const SQLITE_HEADER = "SQLite format 3\0";
/**
 * The connection's page cache, in MiB (SQLite's default is 2). At 1M memories a write's B-tree descents (the memory,
 * its key and full-text rows, the scope and text-hash indexes) no longer fit in 2 MiB and reread pages from the OS on
 * every write; 64 holds them (docs/benchmarks.md, follow-up 20). Taken only as pages are read.
 */
export const DEFAULT_PAGE_CACHE_MIB = 64;

export function storeUnwritable(path: string, message: string, cause?: unknown): EngramError {
  return new EngramError({
    code: ERROR_CODES.storeUnwritable,
    category: "user",
    where: path,
    message,
    cause,
  });
}

function notEngramStore(path: string, what: string, cause?: unknown): EngramError {
  return new EngramError({
    code: ERROR_CODES.notEngramStore,
    category: "user",
    where: path,
    message: `${what}, so it is not an Engram store: point --db / ENGRAM_DB at an Engram file or a new path`,
    cause,
  });
}

/** Turns whatever SQLite or the driver threw into an EngramError that says what to do. */
export function toEngramError(error: unknown, path: string): EngramError {
  if (EngramError.isInstance(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  if (typeof code === "string") {
    if (code.startsWith("SQLITE_READONLY") || code.startsWith("SQLITE_CANTOPEN") || code === "SQLITE_PERM") {
      return storeUnwritable(
        path,
        `cannot write the store (${detail}): check the file's and folder's permissions, open it without readonly, or choose another path`,
        error,
      );
    }
    if (code === "SQLITE_FULL") {
      return storeUnwritable(path, `the disk is full (${detail}): free some space and retry`, error);
    }
    if (code === "SQLITE_NOTADB") return notEngramStore(path, "this file is not a SQLite database", error);
    if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") {
      return storeFailure(
        `the store stayed locked by another process for 5 s (${detail}): retry, or stop the other writer`,
        path,
        error,
      );
    }
  }
  return storeFailure(`the SQLite store failed: ${detail}`, path, error);
}

/** Creates the folder if needed and checks that a file in it can be written. */
function prepareFolder(path: string): void {
  const folder = dirname(path);
  try {
    // a folder made here is the owner's alone, like the file
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw storeUnwritable(
      path,
      `cannot create or write the folder ${folder} (${(error as Error).message}): choose a path in a writable folder (--db / ENGRAM_DB)`,
      error,
    );
  }
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw storeUnwritable(
      path,
      "this path is a folder: point --db / ENGRAM_DB at a file inside it, such as engram.db",
    );
  }
}

/**
 * A new store file is created readable and writable by its owner only (0600): memories and key hashes are private.
 * SQLite gives the -wal and -shm files the database file's mode. An existing file keeps the mode it has.
 */
function createPrivateFile(path: string): void {
  try {
    closeSync(openSync(path, "wx", 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return;
    throw storeUnwritable(
      path,
      `cannot create the store file (${(error as Error).message}): choose a path in a writable folder (--db / ENGRAM_DB)`,
      error,
    );
  }
}

/** Refuses a non-empty file that does not start with SQLite's header, before SQLite touches it. */
function checkHeader(path: string): void {
  if (!existsSync(path)) return;
  const size = statSync(path).size;
  if (size === 0) return;
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const descriptor = openSync(path, "r");
  try {
    readSync(descriptor, header, 0, header.length, 0);
  } finally {
    closeSync(descriptor);
  }
  if (size < 100 || header.toString("latin1") !== SQLITE_HEADER) {
    throw notEngramStore(path, "this file is not a SQLite database");
  }
}

/**
 * Opens the file (creating and migrating it unless `readonly`), with a 5 s busy timeout, WAL, foreign keys and a page
 * cache of `pageCacheMiB`.
 * @example
 * const db = openDatabase("data/engram.db", false);
 */
export function openDatabase(
  path: string,
  readonly: boolean,
  pageCacheMiB = DEFAULT_PAGE_CACHE_MIB,
): Database.Database {
  const inMemory = path === ":memory:";
  const file = inMemory ? path : resolve(path);
  if (!inMemory) {
    if (readonly) {
      if (!existsSync(file)) {
        throw notEngramStore(path, "no file exists here to open read-only");
      }
    } else {
      prepareFolder(file);
      createPrivateFile(file);
    }
    checkHeader(file);
  }
  let db: Database.Database;
  try {
    db = new Database(file, { readonly, fileMustExist: readonly });
  } catch (error) {
    throw toEngramError(error, path);
  }
  try {
    db.pragma("busy_timeout = 5000");
    const version = inspectSchema(db, path);
    if (readonly) {
      if (version === 0) throw notEngramStore(path, "this SQLite database is empty");
      if (version < SCHEMA_VERSION) {
        throw storeUnwritable(
          path,
          `this store has schema version ${version} and needs migrating to ${SCHEMA_VERSION}: open it once without readonly`,
        );
      }
    } else {
      // Only now, once the file is known to be ours (or empty), may anything be written to it.
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      migrate(db, path);
    }
    db.pragma("foreign_keys = ON");
    // negative: a size in KiB, SQLite's own unit; pages are taken as they are read, up to this
    db.pragma(`cache_size = ${-Math.trunc(pageCacheMiB * 1024)}`);
    return db;
  } catch (error) {
    db.close();
    throw toEngramError(error, path);
  }
}
