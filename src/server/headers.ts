/** Response headers built from values a client or a store chose: only safe characters ever reach a header. */

/** Characters kept as they are in the plain `filename`; everything else becomes "_". */
const PLAIN = /[^A-Za-z0-9._-]/g;

/** RFC 8187 percent-encoding: encodeURIComponent leaves ' ( ) * ! as they are, which `filename*` does not allow. */
function encodeExtended(value: string): string {
  // a lone surrogate would make encodeURIComponent throw: it becomes U+FFFD
  const wellFormed = value.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    "\uFFFD",
  );
  return encodeURIComponent(wellFormed).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * A Content-Disposition for a download: an ASCII `filename` for old clients and the exact name as UTF-8 in
 * `filename*` (RFC 6266). Quotes, line breaks and non-Latin-1 characters can never break or inject a header.
 * @example
 * attachmentDisposition("engram-租户.jsonl"); // attachment; filename="engram-__.jsonl"; filename*=UTF-8''engram-%E7%A7%9F%E6%88%B7.jsonl
 */
export function attachmentDisposition(fileName: string): string {
  return `attachment; filename="${fileName.replace(PLAIN, "_")}"; filename*=UTF-8''${encodeExtended(fileName)}`;
}
