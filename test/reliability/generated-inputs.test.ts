import * as fc from 'fast-check';
import { mapLimit } from '../../local/demo';
import { openEndpoint, invokeBundle, readEvent } from '../integration/harness';
import { startLoopbackServer } from '../support/loopback-server';
import { sampleEvents } from '../support/samples';
import {
  type GeneratedParameter,
  hasPrototypeSegment,
  hostileJson,
  invalidValues,
  mutate,
  mutation,
  parameters,
} from './arbitraries';
import { functionsWithEvents } from './bundle-cases';
import { recordFigure } from './figures';
import { closeInProcess, inProcess, type InProcessFunction } from './in-process';
import { INVARIANTS, type RunRecord, prototypeKeys, restorePrototype } from './invariants';

/** Runs per function: mutated sample events, arbitrary JSON, generated configuration (≥ 1,000 in all). */
const RUNS = { 'event mutations': 550, 'arbitrary JSON': 250, configuration: 200 };
/** Generated events also run through each built bundle (a bounded sample). */
const BUNDLE_SAMPLE = 4;
/**
 * The generator seed: fixed, so that a run (CI's above all) is reproducible and a failure names inputs
 * anyone can replay; `PIPEWRIGHT_FUZZ_SEED=<n>` replays or explores another, `=random` a fresh one.
 */
const SEED = ((raw) => (raw === 'random' ? Date.now() % 2 ** 31 : Number(raw)))(
  process.env.PIPEWRIGHT_FUZZ_SEED ?? '20261206',
);

/** What each function's configuration property generates, and the event it runs. */
const CONFIG_CASES: Record<
  string,
  { event: string; prefix: (configPath: string) => string; segments: string[] }
> = {
  PipelineActionFunction: {
    event: 'pipeline-action/load-parameters.json',
    prefix: () => '/checkout/prod/',
    segments: ['api-url', 'db', 'host', 'image-tag'],
  },
  JobWorkerFunction: {
    event: 'job-worker/load-parameters-started.json',
    prefix: () => '/checkout/prod/',
    segments: ['api-url', 'db', 'host', 'image-tag'],
  },
  DeployHookFunction: {
    event: 'deploy-hook/lambda-failing-check.json',
    prefix: (path) => `${path}deploy-hook/`,
    segments: ['apps', 'groups', 'checks', 'when', 'alarms', 'http'],
  },
  NotifierFunction: {
    event: 'notifier/pipeline-failed.json',
    prefix: (path) => `${path}notifier/`,
    segments: [
      'notify-on-pipeline-states',
      'notify-recovery',
      'chat-thread-per-execution',
      'notify-on-build-states',
    ],
  },
  ChatDeliveryFunction: {
    event: 'chat-delivery/pipeline-failed.json',
    prefix: (path) => `${path}notifier/channels/`,
    segments: ['incidents', 'ci', 'type', 'webhook-url', 'severities', 'resources'],
  },
};

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let http: Awaited<ReturnType<typeof startLoopbackServer>>;

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  http = await startLoopbackServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  });
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await http.close();
  await closeInProcess();
});

/** A sample event whose HTTP checks point at this suite's loopback server instead of 127.0.0.1:8080. */
function sample(name: string): unknown {
  return JSON.parse(JSON.stringify(readEvent(name)).replaceAll('http://127.0.0.1:8080', http.url()));
}

/** The n-th generated value of `arbitrary` (one at a time: huge strings are not all kept in memory). */
const nth = <T>(arbitrary: fc.Arbitrary<T>, index: number): T =>
  fc.sample(arbitrary, { numRuns: 1, seed: SEED + index })[0]!;

interface Tally {
  runs: number;
  broken: string[];
}

/** Runs `inputs` one by one, checking the function's invariants, Object.prototype and unhandled rejections. */
async function check(
  fn: InProcessFunction,
  logicalId: string,
  count: number,
  input: (index: number) => {
    event: unknown;
    fromNotifiedSample?: boolean;
    extra?: (run: RunRecord) => string[];
  },
): Promise<Tally> {
  const tally: Tally = { runs: 0, broken: [] };
  for (let index = 0; index < count; index++) {
    const { event, extra, fromNotifiedSample } = input(index);
    const before = prototypeKeys();
    unhandled = [];
    const run = await fn.run(event);
    await new Promise((resolve) => setImmediate(resolve)); // let a stray rejection surface
    const problems = [
      ...INVARIANTS[logicalId]!(event, run, { completedJobs: fn.completedJobs, fromNotifiedSample }),
      ...(extra?.(run) ?? []),
    ];
    const polluted = restorePrototype(before);
    if (polluted.length) problems.push(`Object.prototype gained ${polluted.join(', ')}`);
    if (unhandled.length) problems.push(`${unhandled.length} unhandled rejection(s)`);
    tally.runs++;
    if (problems.length) {
      const shown = JSON.stringify(event)?.slice(0, 300);
      tally.broken.push(`#${index} (seed ${SEED}): ${problems.join('; ')} — event ${shown}`);
    }
  }
  return tally;
}

const statusOf = (run: RunRecord) =>
  run.requests
    .filter((r) => String(r.headers['x-amz-target']).endsWith('.PutLifecycleEventHookExecutionStatus'))
    .map((r) => (JSON.parse(r.body) as { status?: string }).status);

describe.each(functionsWithEvents())('$logicalId on generated inputs', ({ logicalId, eventDir }) => {
  let samples: unknown[] = [];
  /**
   * Whether each sample, unchanged, is published (the notifier) or posted to chat (the chat delivery) — its
   * mutations must be too while they are failures.
   */
  let notified: boolean[] = [];
  const changes = fc.tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }));
  const mutated = (index: number) => {
    const [which, list] = nth(changes, index);
    const at = which % samples.length;
    return { event: mutate(samples[at], list), fromNotifiedSample: notified[at] };
  };
  let fn: InProcessFunction;
  beforeAll(async () => {
    fn = await inProcess(logicalId);
    samples = sampleEvents(eventDir).map(sample);
    notified = [];
    for (const event of samples) {
      const run = await fn.run(event);
      notified.push(
        run.calls.some(
          (call) => (call.operation === 'Publish' || call.service === 'chat') && call.outcome === 'ok',
        ),
      );
    }
  });

  it('keeps its invariants on mutated sample events and arbitrary JSON (in-process)', async () => {
    const mutations = await check(fn, logicalId, RUNS['event mutations'], mutated);
    const arbitrary = await check(fn, logicalId, RUNS['arbitrary JSON'], (i) => ({
      event: nth(hostileJson, i),
    }));
    recordFigure({
      table: 'inputs',
      fn: logicalId,
      kind: 'event mutations',
      runs: mutations.runs,
      broken: mutations.broken.length,
      via: 'in-process',
    });
    recordFigure({
      table: 'inputs',
      fn: logicalId,
      kind: 'arbitrary JSON',
      runs: arbitrary.runs,
      broken: arbitrary.broken.length,
      via: 'in-process',
    });

    expect([...mutations.broken, ...arbitrary.broken].slice(0, 5)).toEqual([]);
  }, 120_000);

  it('keeps its invariants under generated configuration names and values (in-process)', async () => {
    const { event, prefix, segments } = CONFIG_CASES[logicalId]!;
    const base = fn.state.ssm?.parameters ?? [];
    const generated = parameters(prefix(fn.configPath), segments, fc.oneof(invalidValues, fc.string()));
    const config = await check(fn, logicalId, RUNS.configuration, (i) => {
      const extra: GeneratedParameter[] = nth(generated, i);
      fn.state.ssm = { ...fn.state.ssm, parameters: [...base, ...extra] };
      const hostile = extra.some((p) => hasPrototypeSegment(p.name));
      return {
        event: sample(event),
        extra: (run) => [
          ...(logicalId === 'DeployHookFunction' && statusOf(run).includes('Succeeded')
            ? [`a failing deployment was reported Succeeded under ${extra.map((p) => p.name).join(', ')}`]
            : []),
          ...(logicalId === 'NotifierFunction' &&
          !run.calls.some((c) => c.operation === 'Publish' && c.outcome === 'ok')
            ? [
                `the failed pipeline was not notified under ${extra.map((p) => `${p.name}=${p.value.slice(0, 40)}`).join(', ')}`,
              ]
            : []),
          ...(hostile && logicalId === 'DeployHookFunction' && !run.errorName && statusOf(run).length !== 1
            ? ['a prototype segment did not end in one Failed report']
            : []),
        ],
      };
    });
    fn.state.ssm = { ...fn.state.ssm, parameters: base };
    recordFigure({
      table: 'inputs',
      fn: logicalId,
      kind: 'configuration',
      runs: config.runs,
      broken: config.broken.length,
      via: 'in-process',
    });

    expect(config.broken.slice(0, 5)).toEqual([]);
  }, 120_000);

  it('keeps its invariants on a sample of the generated events through the built bundle', async () => {
    const events = Array.from({ length: BUNDLE_SAMPLE }, (_, i) => mutated(i));
    const broken = await mapLimit(events, 4, async ({ event, fromNotifiedSample }) => {
      const endpoint = await openEndpoint();
      try {
        const run = await invokeBundle(logicalId, event, {
          endpoint,
          timeoutSeconds: 12,
          env: { PIPEWRIGHT_REPORT_RESERVE_MS: '4000' },
        });
        const record: RunRecord = {
          result: run.result,
          errorName: run.error?.errorType,
          calls: run.calls,
          requests: endpoint.requests,
        };
        return INVARIANTS[logicalId]!(event, record, { completedJobs: fn.completedJobs, fromNotifiedSample });
      } finally {
        await endpoint.close();
      }
    });
    const failures = broken.filter((problems) => problems.length > 0);
    recordFigure({
      table: 'inputs',
      fn: logicalId,
      kind: 'event mutations',
      runs: events.length,
      broken: failures.length,
      via: 'bundle',
    });

    expect(failures).toEqual([]);
  }, 120_000);
});
