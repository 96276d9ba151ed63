import { countText, truncate } from '../functions/lib/text';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { buildFunction } from './build';
import { emfDatapoints, eventTime } from './dashboard/datapoints';
import { deliverySummary } from './dashboard/summary';
import { chatPreview } from './chat-preview';
import { loadState } from './endpoint/state';
import { readJsonFile } from './json-file';
import { EXPECTED_OUTCOMES_FILE, loadExpectedOutcomes, outcomeLabel } from './outcome';
import { callLine, madeReport, reportedResult } from './print';
import { runFunction } from './run';
import { formatHttpRequest } from './runtime/http-requests';
import { startSampleAppOrSay } from './sample-app';
import { redactorFor } from './secrets';
import type { Project } from './template/project';
import { functionNode, nodeLabel } from './runtime/node-binary';

/** events/<dir> → the function that handles those events. */
export const EVENT_DIRS: Record<string, string> = {
  'pipeline-action': 'PipelineActionFunction',
  'deploy-hook': 'DeployHookFunction',
  notifier: 'NotifierFunction',
  'job-worker': 'JobWorkerFunction',
  // A week of pipeline executions in several pipelines and accounts: the delivery metrics' history.
  history: 'NotifierFunction',
  'chat-delivery': 'ChatDeliveryFunction',
};

/** Runs `work` over `items` with at most `limit` in flight, keeping the input order of the results. */
export async function mapLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** The first lines of a published message (the email text of a `MessageStructure: json` message). */
function messageExcerpt(message: string, structure?: string, lines = 6): string {
  let text = message;
  if (structure === 'json') {
    const parsed = JSON.parse(message) as Record<string, string>;
    text = parsed.email ?? parsed.default ?? message;
  }
  const all = text.split('\n');
  const shown = all.slice(0, lines).map((line) => `      | ${line}`);
  return [
    ...shown,
    ...(all.length > lines ? [`      | … (${countText(all.length - lines, 'more line')})`] : []),
  ].join('\n');
}

/** One sample event of the demo and the function that handles it. */
export interface DemoCase {
  logicalId: string;
  /** Absolute path of the event file. */
  file: string;
  /** `<dir>/<name>.json`, the key of events/expected-outcomes.json. */
  key: string;
}

/**
 * The sample events of `events/<dir>/`, as `<dir>/<name>.json` (the keys of events/expected-outcomes.json),
 * in name order; none when the folder does not exist.
 *
 * @example
 * ```ts
 * sampleEventKeys(process.cwd(), 'notifier'); // ['notifier/codebuild-failed.json', …]
 * ```
 */
export function sampleEventKeys(rootDir: string, dir: string): string[] {
  const path = join(rootDir, 'events', dir);
  if (!existsSync(path)) return [];
  return readdirSync(path)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => `${dir}/${name}`);
}

/** Every `events/<dir>/*.json` with its function, in directory then name order. */
function demoCases(rootDir: string): DemoCase[] {
  return Object.entries(EVENT_DIRS).flatMap(([dir, logicalId]) =>
    sampleEventKeys(rootDir, dir).map((key) => ({ logicalId, file: join(rootDir, 'events', key), key })),
  );
}

/** Options of {@link demo}. */
export interface DemoOptions {
  /** Invocations in flight at once (default: 4). */
  concurrency?: number;
  /** Where lines go (default: console.log). */
  print?: (line: string) => void;
  /** Only these events (`<dir>/<name>.json` keys; default: every sample event). */
  only?: string[];
  /** Start the sample app on 127.0.0.1:8080 (default: true; tests that replay no http-check pass false). */
  sampleApp?: boolean;
}

/** What the summary adds to an outcome: the failure message, hook reason, subject or error (the label's words removed). */
function outcomeDetail(did: string): string {
  if (did === 'nothing reported') return '';
  return did.replace(
    /^(PutJobFailureResult \w+|PutLifecycleEventHookExecutionStatus \w+|PutJobSuccessResult|Published|returned \w+)(: | )?/,
    '',
  );
}

/**
 * `npm run demo`: replays every `events/<dir>/*.json` through its function against a fresh
 * loopback endpoint seeded from `local/state/*.json` (with the sample app on 127.0.0.1:8080 that
 * the http-check samples check), prints per event the AWS calls, the HTTP requests and what was
 * reported, then a summary that sets each event's outcome beside the one events/expected-outcomes.json
 * declares. Returns the number of mismatches (an event without a declared outcome is one), so the
 * demo is also a smoke test: `npm run demo` exits 1 when any event did not do what it should.
 */
export async function demo(project: Project, options: DemoOptions = {}): Promise<number> {
  const print = options.print ?? console.log;
  const started = Date.now();
  const cases = demoCases(project.rootDir).filter((c) => !options.only || options.only.includes(c.key));
  const expected = loadExpectedOutcomes(project.rootDir);
  const used = [...new Set(cases.map((c) => c.logicalId))];
  await Promise.all(used.map((id) => buildFunction(project.spec(id), project.rootDir)));
  const state = loadState();
  print(`Functions run on ${nodeLabel(functionNode())}`);
  const app = (options.sampleApp ?? true) ? await startSampleAppOrSay(print) : undefined;
  const outcomes = await mapLimit(cases, options.concurrency ?? 4, async (c) => {
    const event = readJsonFile(c.file, 'sample event');
    const began = Date.now();
    const outcome = await runFunction({
      project,
      logicalId: c.logicalId,
      event,
      state: structuredClone(state),
    });
    const label = outcomeLabel(outcome);
    return {
      ...c,
      event,
      outcome,
      label,
      expected: expected.get(c.key),
      seconds: (Date.now() - began) / 1000,
    };
  }).finally(() => app?.close());
  for (const { logicalId, file, event, outcome, seconds } of outcomes) {
    const redactor = redactorFor(event, state);
    print(`\n■ ${logicalId} ← ${relative(project.rootDir, file)} (${seconds.toFixed(1)} s)`);
    for (const call of outcome.calls) print(redactor.redact(`    ${callLine(call)}`));
    for (const request of outcome.httpRequests)
      print(redactor.redact(`    http ${formatHttpRequest(request)}`));
    print(redactor.redact(`  reported: ${reportedResult(outcome.calls, outcome.result)}`));
    for (const message of outcome.published) {
      print(redactor.redact(messageExcerpt(message.message, message.messageStructure)));
    }
    for (const message of outcome.posted) {
      for (const line of chatPreview(message, 6)) print(redactor.redact(`      | ${line}`));
    }
    // The result is shown only when the calls above do not already say it all.
    if (outcome.error) {
      print(redactor.redact(`  invocation threw: ${outcome.error.errorType}: ${outcome.error.errorMessage}`));
    } else if (!madeReport(outcome.calls)) {
      print(
        redactor.redact(`  invocation returned: ${truncate(JSON.stringify(outcome.result ?? null), 160)}`),
      );
    }
  }
  const mismatches = outcomes.filter((o) => o.label !== o.expected);
  const width = (values: string[]) => Math.max(...values.map((v) => v.length));
  const idWidth = width(outcomes.map((o) => o.logicalId));
  const fileWidth = width(outcomes.map((o) => basename(o.file)));
  const labelWidth = width(outcomes.map((o) => o.label));
  print(`\nSummary (✓ = the outcome ${EXPECTED_OUTCOMES_FILE} declares for the event, ✗ = another):`);
  for (const { logicalId, file, outcome, label, expected: want } of outcomes) {
    const mark = label === want ? '✓' : '✗';
    const did = outcome.error
      ? `${outcome.error.errorMessage} (Lambda retries, then the failure queue)`
      : outcomeDetail(reportedResult(outcome.calls, outcome.result));
    print(
      `  ${mark} ${logicalId.padEnd(idWidth)}  ${basename(file).padEnd(fileWidth)}  ${label.padEnd(labelWidth)}  ${truncate(did, 80)}`.trimEnd(),
    );
  }
  for (const { key, label, expected: want } of mismatches) {
    print(
      want === undefined
        ? `✗ ${key}: no expected outcome declared in ${EXPECTED_OUTCOMES_FILE} (it did: ${label})`
        : `✗ ${key}: expected ${want}, got ${label}`,
    );
  }
  const datapoints = outcomes
    .filter((o) => o.logicalId === 'NotifierFunction')
    .flatMap((o) => emfDatapoints(o.outcome.logs, eventTime(o.event)));
  if (datapoints.length) print(['', ...deliverySummary(datapoints)].join('\n'));
  const missing = Object.keys(EVENT_DIRS).filter(
    (dir) => !cases.some((c) => c.logicalId === EVENT_DIRS[dir]),
  );
  print(
    `\n${cases.length} events replayed in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      `${cases.length - mismatches.length} as expected, ${mismatches.length} not` +
      (missing.length && !options.only ? `; no events yet in events/${missing.join(', events/')}` : ''),
  );
  return mismatches.length;
}
