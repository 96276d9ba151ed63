import { countText } from '../functions/lib/text';
import type { StateFault } from '../local/endpoint/state';
import type { Project } from '../local/template/project';
import { environment, replay } from './burst-replay';
import { ACCOUNTS, burstWorld } from './burst-world';

/** What one scenario of the burst measured. */
export interface BurstFigures {
  events: number;
  environments: number;
  seconds: number;
  /** Notifications the events call for (failures, recoveries), and those published. */
  expected: number;
  published: number;
  /** Published failures (every one must go out, enriched or not) and failures that went out unenriched. */
  failuresPublished: number;
  failures: number;
  unenriched: number;
  errors: number;
  /** CodePipeline calls (every attempt) per notified event, and per other event: mean and highest. */
  perNotified: { mean: number; max: number };
  perSkipped: { mean: number; max: number };
  assumeRoles: number;
  /** CodePipeline calls per second, all environments together. */
  callRate: number;
}

const stats = (values: number[]) => ({
  mean: values.reduce((a, b) => a + b, 0) / Math.max(1, values.length),
  max: Math.max(0, ...values),
});

/**
 * A burst of `perPipeline` × 50 pipeline execution ends (default 20: 1,000 events) from 50 pipelines in
 * 5 accounts through `size` warm notifier environments, against the loopback endpoint (with `faults`,
 * e.g. a throttled CodePipeline): what was published, what the enrichment cost per event, how many
 * AssumeRole calls it took.
 *
 * @example
 * ```ts
 * const figures = await burst(project, bundle.file, { size: 10 });
 * ```
 */
export async function burst(
  project: Project,
  file: string,
  options: { size: number; perPipeline?: number; faults?: StateFault[] },
): Promise<BurstFigures> {
  const { state, events } = burstWorld(options.perPipeline ?? 20);
  const envs = await Promise.all(
    Array.from({ length: options.size }, () => environment(project, file, state, options.faults ?? [])),
  );
  const started = Date.now();
  const runs = await replay(envs, events);
  const seconds = (Date.now() - started) / 1000;
  await Promise.all(envs.map(async ({ endpoint, close }) => (await close(), await endpoint.close())));
  const pipelineCalls = (r: (typeof runs)[number]) =>
    r.endpoint.calls.slice(r.from, r.calls).filter((c) => c.service === 'codepipeline').length;
  const failed = runs.filter((r) => (r.burst.event.detail as { state: string }).state === 'FAILED');
  const texts = runs.flatMap((r) => (r.published ? [r.endpoint.published.at(-1)!.message] : []));
  return {
    events: events.length,
    environments: options.size,
    seconds,
    expected: events.filter((e) => e.notifies).length,
    published: runs.reduce((sum, r) => sum + r.published, 0),
    failures: failed.length,
    failuresPublished: failed.filter((r) => r.published === 1).length,
    unenriched: texts.filter((t) => t.includes('Not enriched:')).length,
    errors: runs.filter((r) => r.error).length,
    perNotified: stats(runs.filter((r) => r.burst.notifies).map(pipelineCalls)),
    perSkipped: stats(runs.filter((r) => !r.burst.notifies).map(pipelineCalls)),
    callRate: runs.reduce((sum, r) => sum + pipelineCalls(r), 0) / seconds,
    assumeRoles: envs.reduce(
      (sum, { endpoint }) => sum + endpoint.calls.filter((c) => c.operation === 'AssumeRole').length,
      0,
    ),
  };
}

/** The figures of a scenario as the benchmark prints them. */
export function burstLines(name: string, f: BurstFigures): string[] {
  const calls = (s: { mean: number; max: number }) => `${s.mean.toFixed(2)} on average, ${s.max} at most`;
  return [
    `${name}: ${countText(f.events, 'event')} from 50 pipelines in ${ACCOUNTS.length} accounts through ${countText(f.environments, 'warm environment')} in ${f.seconds.toFixed(1)} s`,
    `  notifications: ${f.published} published of ${f.expected} the events call for (failed executions: ${f.failuresPublished} of ${f.failures} published, ${f.unenriched} of the notifications unenriched); ${countText(f.errors, 'invocation error')}`,
    `  CodePipeline calls (attempts) per notified event: ${calls(f.perNotified)}; per other event: ${calls(f.perSkipped)}; ${f.callRate.toFixed(1)} calls/s in all`,
    `  AssumeRole calls: ${f.assumeRoles} (${ACCOUNTS.length - 1} spoke accounts × ${f.environments} environments at most: one per account per credential lifetime in each)`,
  ];
}

/** Every CodePipeline read of the notifier's enrichment, throttled on every call: a quota exhausted by others. */
const THROTTLED: StateFault[] = [
  'ListPipelineExecutions',
  'ListActionExecutions',
  'GetPipelineExecution',
].map((operation) => ({ operation: `codepipeline:${operation}`, error: 'ThrottlingException' }));

/**
 * The benchmark's scale figures: a burst of 1,000 events (20 per pipeline), then 150 (3 per pipeline:
 * 50 failures) with CodePipeline throttling every enrichment call, through `size` environments.
 *
 * @example
 * ```ts
 * (await burstReport(project, bundle.file, 10)).forEach((line) => console.log(line));
 * ```
 */
export async function burstReport(project: Project, file: string, size: number): Promise<string[]> {
  return [
    ...burstLines('Burst', await burst(project, file, { size })),
    ...burstLines(
      'Burst, CodePipeline throttling',
      await burst(project, file, { size, perPipeline: 3, faults: THROTTLED }),
    ),
  ];
}
