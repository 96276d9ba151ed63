import { assumedAccount } from './accounts';
import type { CallRecord } from './world';

/**
 * One readable line per call: `ssm GetParametersByPath {Path: "/x/"} → ok (3 parameters)`; a call made
 * with a role assumed in another account says as which account and in which region
 * (`codepipeline ListPipelineExecutions [as 210987654321 in us-east-1] {…} → ok`).
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
  const account = assumedAccount(call.accessKeyId);
  const as = account ? ` [as ${account} in ${call.region ?? 'an unknown region'}]` : '';
  return `${call.service} ${call.operation}${as} ${call.input} → ${answer}`;
}
