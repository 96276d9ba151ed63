import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import * as z from 'zod';
import { isLinkLocal, isLocalhostName, isLoopback, unbracket } from './addresses';

/**
 * A URL as messages and logs show it: origin and path, never credentials, query or fragment (where
 * tokens travel).
 *
 * @example
 * ```ts
 * urlLabel(new URL('https://user:pw@api.example.com/health?token=abc#x')); // 'https://api.example.com/health'
 * ```
 */
export function urlLabel(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * One `allowedHosts` entry: a host name (`api.example.com`), `*.example.com` for every subdomain of
 * it, or an IP address (`10.0.0.7`, `[fd12::7]`). Parsed to the form `URL.hostname` has (lower case).
 */
export const allowedHost = z
  .string()
  .min(1)
  .max(255)
  .transform((entry, ctx) => {
    const wildcard = entry.startsWith('*.');
    const host = normalHost(wildcard ? entry.slice(2) : entry);
    if (host !== undefined) return wildcard ? `*.${host}` : host;
    ctx.addIssue({
      code: 'custom',
      message:
        'expected a host such as api.example.com, *.example.com, 10.0.0.7 or [fd12::7] (no scheme, port or path)',
    });
    return z.NEVER;
  });

function normalHost(text: string): string | undefined {
  for (const c of '/?#@\\ ') if (text.includes(c)) return undefined;
  try {
    const url = new URL(`http://${text}`);
    return url.port || url.pathname !== '/' ? undefined : url.hostname;
  } catch {
    return undefined;
  }
}

/** Whether `hostname` (as `URL.hostname` has it) matches an entry of {@link allowedHost}. */
function hostAllowed(hostname: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) =>
    entry.startsWith('*.') ? hostname.endsWith(entry.slice(1)) : hostname === entry,
  );
}

/** Options of {@link targetProblem}. */
export interface TargetRules {
  /** Aborts the name resolution. */
  signal?: AbortSignal;
  /**
   * Why loopback addresses are refused for this URL (`a URL read from an input artifact`), or
   * `undefined` when they may be called (default: they may).
   */
  blockLoopback?: string;
}

/**
 * Says why a check may not call `url`, or `undefined` when it may: its host is not in `allowedHosts`
 * (when given), or it is (or its name resolves to) a link-local address — or, with
 * `rules.blockLoopback`, a loopback address or `localhost` — that `allowedHosts` does not name exactly.
 * A name that does not resolve is left to the request to report.
 *
 * @example
 * ```ts
 * await targetProblem(new URL('http://169.254.169.254/latest/meta-data/'), undefined);
 * // 'host 169.254.169.254 is a link-local address (instance metadata, credentials): …'
 * await targetProblem(new URL('http://127.0.0.1:9001/'), undefined, { blockLoopback: 'a URL read from an input artifact' });
 * // 'host 127.0.0.1 is a loopback address (the Lambda Runtime API, local services): blocked for a URL read from an input artifact unless allowedHosts names it'
 * ```
 */
export async function targetProblem(
  url: URL,
  allowed: readonly string[] | undefined,
  rules: TargetRules = {},
): Promise<string | undefined> {
  const host = url.hostname;
  if (allowed && !hostAllowed(host, allowed)) {
    return `host ${host} is not in allowedHosts (${allowed.join(', ')})`;
  }
  if (allowed?.includes(host)) return undefined;
  const literal = isIP(unbracket(host)) !== 0;
  const loopbackProblem = (verb: string) =>
    `host ${host} ${verb} a loopback address (the Lambda Runtime API, local services): blocked for ` +
    `${rules.blockLoopback} unless allowedHosts names it`;
  if (rules.blockLoopback && !literal && isLocalhostName(host)) return loopbackProblem('is');
  const addresses = literal ? [unbracket(host)] : await resolve(host, rules.signal);
  const verb = literal ? 'is' : 'resolves to';
  if (addresses.some(isLinkLocal)) {
    return `host ${host} ${verb} a link-local address (instance metadata, credentials): blocked unless allowedHosts names it`;
  }
  if (rules.blockLoopback && addresses.some(isLoopback)) return loopbackProblem(verb);
  return undefined;
}

async function resolve(host: string, signal?: AbortSignal): Promise<string[]> {
  let stop: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    stop = () => reject(signal!.reason);
    signal?.addEventListener('abort', stop, { once: true });
  });
  try {
    signal?.throwIfAborted();
    const found = await Promise.race([lookup(host, { all: true, verbatim: true }), aborted]);
    return found.map((entry) => entry.address);
  } catch (error) {
    if (signal?.aborted) throw error;
    return [];
  } finally {
    signal?.removeEventListener('abort', stop!);
  }
}
