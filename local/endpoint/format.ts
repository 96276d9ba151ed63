import type { CallRecord } from './world';

/**
 * One readable line per call: `ssm GetParametersByPath {Path: "/x/"} → ok (3 parameters)`.
 *
 * @example
 * ```ts
 * endpoint.calls.map(formatCall).forEach((line) => console.log(line));
 * ```
 */
export function formatCall(call: CallRecord): string {
  const answer =
    call.outcome === 'ok'
      ? `ok${call.detail ? ` (${call.detail})` : ''}`
      : `${call.outcome} ${call.status}${call.injected ? ' [injected]' : ''}: ${call.detail}`;
  return `${call.service} ${call.operation} ${call.input} → ${answer}`;
}
