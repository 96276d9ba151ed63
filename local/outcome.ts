import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile } from './json-file';
import { ALREADY_REPORTED, REPORTING } from './print';
import type { RunOutcome } from './run';

/** Where each sample event declares the outcome it should have (`<dir>/<file>.json` → outcome). */
export const EXPECTED_OUTCOMES_FILE = join('events', 'expected-outcomes.json');

/**
 * The outcome of one invocation in a few words, as events/expected-outcomes.json declares them:
 * `PutJobSuccessResult`, `PutJobSuccessResult continuation`, `PutJobFailureResult ConfigurationError`,
 * `PutLifecycleEventHookExecutionStatus Failed`, `Published`, `Delivered <channels>` (chat delivery),
 * `skipped <reason>`, `returned <hookStatus>`, `already reported`, `refused <ErrorCode>`, `threw <ErrorType>`,
 * `nothing reported`.
 *
 * @example
 * ```ts
 * outcomeLabel(await runFunction({ … })); // 'PutJobFailureResult JobFailed'
 * ```
 */
export function outcomeLabel(outcome: Pick<RunOutcome, 'calls' | 'result' | 'error'>): string {
  if (outcome.error) return `threw ${outcome.error.errorType}`;
  // The chat delivery says which channels took the message (its webhook posts say only which platform).
  const chat = outcome.result as { delivered?: unknown; reason?: unknown } | null;
  if (Array.isArray(chat?.delivered)) {
    return chat.delivered.length
      ? `Delivered ${chat.delivered.join(', ')}`
      : `skipped ${String(chat.reason)}`;
  }
  const reports = outcome.calls.filter((c) => REPORTING.includes(c.operation));
  const accepted = reports.filter((c) => c.outcome === 'ok');
  if (accepted.length) {
    return accepted
      .map((c) => {
        if (c.operation === 'Publish') return 'Published';
        if (c.operation === 'PutJobSuccessResult')
          return c.detail.startsWith('continues') ? `${c.operation} continuation` : c.operation;
        return `${c.operation} ${c.detail.split(':')[0]}`;
      })
      .sort() // the job worker reports the jobs of a poll in the order they finish
      .join('; ');
  }
  const refused = reports[0];
  if (refused) {
    return ALREADY_REPORTED.includes(refused.outcome) ? 'already reported' : `refused ${refused.outcome}`;
  }
  const result = outcome.result as {
    published?: unknown;
    reason?: unknown;
    hookStatus?: unknown;
    skipped?: unknown;
  } | null;
  if (result?.published === false) return `skipped ${String(result.reason)}`;
  if (typeof result?.skipped === 'string') return `skipped ${result.skipped}`;
  if (typeof result?.hookStatus === 'string') return `returned ${result.hookStatus}`;
  return 'nothing reported';
}

/** A sample-event file (`events/<dir>/<name>.json`) → the outcome it should have. */
export type ExpectedOutcomes = Map<string, string>;

/**
 * Reads events/expected-outcomes.json (`{ "<dir>/<name>.json": "<outcome>" }`, keys starting with `$`
 * are comments). The events themselves stay exactly what AWS sends, so `sam local invoke -e` takes them.
 *
 * @example
 * ```ts
 * loadExpectedOutcomes(process.cwd()).get('pipeline-action/alarm-gate-firing.json'); // 'PutJobFailureResult JobFailed'
 * ```
 */
export function loadExpectedOutcomes(rootDir: string): ExpectedOutcomes {
  const path = join(rootDir, EXPECTED_OUTCOMES_FILE);
  if (!existsSync(path)) return new Map();
  const file = readJsonFile(path, 'expected outcomes');
  return new Map(
    Object.entries(file as Record<string, unknown>)
      .filter(([key]) => !key.startsWith('$'))
      .map(([key, value]) => [key, String(value)]),
  );
}
