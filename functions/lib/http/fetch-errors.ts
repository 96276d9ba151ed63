/**
 * Fixed descriptions of the network errors fetch reports (its `cause.code`). Fetch error messages
 * quote the URL (with any `user:pass@`) and header values, so none of their text is ever shown.
 */
const DESCRIPTIONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection closed by the server while sending',
  ENOTFOUND: 'host not found (DNS)',
  EAI_AGAIN: 'DNS lookup failed for now (try again)',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the server before it answered',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'the response body stalled',
  HPE_INVALID_CONSTANT: 'the answer is not valid HTTP',
  EPROTO: 'TLS handshake failed',
  CERT_HAS_EXPIRED: 'TLS certificate not accepted: expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate not accepted: self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate not accepted: self-signed in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not accepted: unknown issuer',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS certificate not accepted: unknown issuer',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate not accepted: issued for another host name',
};

/** An error code as Node and undici write them (`ECONNREFUSED`, `UND_ERR_SOCKET`): safe to show. */
const CODE = /^[A-Z][A-Z0-9_]{1,39}$/;

/**
 * One fixed phrase for a failed fetch, echoing nothing of the request: `connection refused
 * (ECONNREFUSED)`, `timed out after 10000 ms`, `request failed (EXXX)`, `request failed`.
 *
 * @example
 * ```ts
 * describeFetchError(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }), 10_000);
 * // 'connection refused (ECONNREFUSED)'
 * ```
 */
export function describeFetchError(error: unknown, timeoutMs: number): string {
  // Duck-typed: fetch's errors may come from another realm than this module's `Error`.
  const { name, cause } = (error ?? {}) as { name?: unknown; cause?: { code?: unknown; message?: unknown } };
  if (name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  const code = typeof cause?.code === 'string' && CODE.test(cause.code) ? cause.code : undefined;
  if (code) {
    const known = Object.hasOwn(DESCRIPTIONS, code) ? DESCRIPTIONS[code] : undefined;
    return known ? `${known} (${code})` : `request failed (${code})`;
  }
  if (cause?.message === 'bad port') {
    return 'the port is one fetch refuses to call (a "bad port" of the Fetch standard)';
  }
  return 'request failed';
}
