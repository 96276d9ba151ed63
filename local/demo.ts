import { countText, truncate } from '../functions/lib/text';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { buildFunction } from './build';
import { formatCall } from './endpoint/format';
import { loadState } from './endpoint/state';
import { REPORTING, reportedResult } from './print';
import { runFunction } from './run';
import { startSampleAppOrSay } from './sample-app';
import { redactorFor } from './secrets';
import type { Project } from './template/project';

/** events/<dir> → the function that handles those events. */
export const EVENT_DIRS: Record<string, string> = {
  'pipeline-action': 'PipelineActionFunction',
  'deploy-hook': 'DeployHookFunction',
  notifier: 'NotifierFunction',
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

/**
 * `npm run demo`: replays every `events/<dir>/*.json` through its function against a fresh
 * loopback endpoint seeded from `local/state/*.json` (with the sample app on
 * 127.0.0.1:8080 that the http-check success sample checks), and prints a summary per event.
 * Returns the number of events whose invocation threw.
 */
export async function demo(
  project: Project,
  options: { concurrency?: number; print?: (line: string) => void } = {},
) {
  const print = options.print ?? console.log;
  const started = Date.now();
  const cases = Object.entries(EVENT_DIRS).flatMap(([dir, logicalId]) => {
    const path = join(project.rootDir, 'events', dir);
    if (!existsSync(path)) return [];
    return readdirSync(path)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => ({ logicalId, file: join(path, name) }));
  });
  const used = [...new Set(cases.map((c) => c.logicalId))];
  await Promise.all(used.map((id) => buildFunction(project.spec(id), project.rootDir)));
  const state = loadState();
  const app = await startSampleAppOrSay(print);
  const outcomes = await mapLimit(cases, options.concurrency ?? 4, async (c) => {
    const event = JSON.parse(readFileSync(c.file, 'utf8')) as unknown;
    const began = Date.now();
    const outcome = await runFunction({
      project,
      logicalId: c.logicalId,
      event,
      state: structuredClone(state),
    });
    return { ...c, event, outcome, seconds: (Date.now() - began) / 1000 };
  }).finally(() => app?.close());
  let threw = 0;
  for (const { logicalId, file, event, outcome, seconds } of outcomes) {
    const redactor = redactorFor(event, state);
    if (outcome.error) threw += 1;
    print(`\n■ ${logicalId} ← ${relative(project.rootDir, file)} (${seconds.toFixed(1)} s)`);
    for (const call of outcome.calls) print(redactor.redact(`    ${formatCall(call)}`));
    print(redactor.redact(`  reported: ${reportedResult(outcome.calls)}`));
    for (const message of outcome.published) {
      print(redactor.redact(messageExcerpt(message.message, message.messageStructure)));
    }
    // The result is shown only when the calls above do not already say it all.
    if (outcome.error) {
      print(redactor.redact(`  invocation threw: ${outcome.error.errorType}: ${outcome.error.errorMessage}`));
    } else if (outcome.calls.every((call) => !REPORTING.includes(call.operation))) {
      print(
        redactor.redact(`  invocation returned: ${truncate(JSON.stringify(outcome.result ?? null), 160)}`),
      );
    }
  }
  print('\nSummary (event → what the handler did):');
  for (const { logicalId, file, outcome } of outcomes) {
    const notifier = outcome.result as { published?: boolean; reason?: string } | undefined;
    const skipped = notifier?.published === false ? notifier.reason : undefined;
    const did = outcome.error
      ? `threw ${outcome.error.errorType} (Lambda retries, then the failure queue)`
      : skipped
        ? `no notification: ${skipped}`
        : reportedResult(outcome.calls);
    print(`  ${logicalId.padEnd(23)} ${basename(file).padEnd(44)} ${truncate(did, 90)}`);
  }
  const missing = Object.keys(EVENT_DIRS).filter(
    (dir) => !cases.some((c) => c.logicalId === EVENT_DIRS[dir]),
  );
  print(
    `\n${cases.length} events replayed in ${((Date.now() - started) / 1000).toFixed(1)} s; ${threw} invocations threw` +
      (missing.length ? `; no events yet in events/${missing.join(', events/')}` : ''),
  );
  return threw;
}
