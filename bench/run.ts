/**
 * `npm run bench`: per function, the bundle size, the module load time of a cold start (a fresh
 * Node process requiring the bundle), the first (cold) invocation and a second (warm) invocation in
 * the same process, against the loopback endpoint, and the process's peak memory (Lambda's "Max Memory
 * Used", to size MemorySize). Medians of a few runs on this machine; not a test. Then the notifier's
 * scale figures: a burst of 1,000 events from 50 pipelines in 5 accounts through warm environments
 * (`BENCH_BURST_ENVIRONMENTS`, default 10), without and with CodePipeline throttling (bench/burst.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFunction } from '../local/build';
import { burstReport } from './burst';
import { COLUMNS, benchLine } from './columns';
import { startEndpoint } from '../local/endpoint/server';
import { loadState } from '../local/endpoint/state';
import { withTemplateTopics } from '../local/run';
import { functionArn, lambdaEnvironment } from '../local/runtime/environment';
import { countText } from '../functions/lib/text';
import { FunctionProcess } from '../local/runtime/function-process';
import { functionNode, nodeLabel } from '../local/runtime/node-binary';
import { loadProject } from '../local/template/project';

const SAMPLE_EVENTS: Record<string, string> = {
  PipelineActionFunction: 'pipeline-action/alarm-gate.json',
  DeployHookFunction: 'deploy-hook/lambda-success.json',
  NotifierFunction: 'notifier/pipeline-failed.json',
};
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** Warm notifier environments of the burst (Lambda's concurrency for it). */
const BURST_ENVIRONMENTS = Number(process.env.BENCH_BURST_ENVIRONMENTS ?? 10);
const project = loadProject();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function once(logicalId: string, file: string, event: unknown) {
  const spec = project.spec(logicalId);
  const endpoint = await startEndpoint({
    state: withTemplateTopics(loadState(), project),
    region: project.region,
  });
  const target = { kind: 'endpoint' as const, url: endpoint.url };
  const env = lambdaEnvironment(spec, { region: project.region, target, taskRoot: join(file, '..') });
  const {
    process: fn,
    initMs,
    error,
  } = await FunctionProcess.start({ rootDir: project.rootDir, file, handler: 'handler', env });
  if (error) throw new Error(`${logicalId} did not load: ${error.errorMessage}`);
  const options = {
    timeoutMs: spec.timeoutSeconds * 1000,
    functionName: spec.functionName,
    memorySize: spec.memorySize,
    invokedFunctionArn: functionArn(spec, project.region),
  };
  const cold = await fn.invoke(event, options);
  endpoint.reset();
  const warm = await fn.invoke(event, options);
  await fn.close();
  await endpoint.close();
  if (cold.error || warm.error)
    throw new Error(`${logicalId} failed: ${(cold.error ?? warm.error)?.errorMessage}`);
  return { initMs, coldMs: cold.durationMs, warmMs: warm.durationMs, memoryMB: warm.maxMemoryMB ?? NaN };
}

async function main() {
  const node = functionNode();
  console.log(
    `${nodeLabel(node)}, ${countText(RUNS, 'run')} per function, medians against the loopback endpoint`,
  );
  console.log(benchLine('function'));
  for (const [logicalId, eventFile] of Object.entries(SAMPLE_EVENTS)) {
    const built = await buildFunction(project.spec(logicalId), project.rootDir);
    const event = JSON.parse(readFileSync(join(project.rootDir, 'events', eventFile), 'utf8')) as unknown;
    const runs: Awaited<ReturnType<typeof once>>[] = [];
    for (let i = 0; i < RUNS; i += 1) runs.push(await once(logicalId, built.file, event));
    const mid = (key: 'initMs' | 'coldMs' | 'warmMs' | 'memoryMB') => median(runs.map((r) => r[key]));
    console.log(
      benchLine(logicalId, {
        bundleKB: built.bytes / 1024,
        initMs: mid('initMs'),
        coldMs: mid('coldMs'),
        warmMs: mid('warmMs'),
        memoryMB: mid('memoryMB'),
      }),
    );
  }
  console.log('');
  const width = Math.max(...COLUMNS.map((column) => column.name.length));
  for (const { name, meaning } of COLUMNS) console.log(`  ${name.padEnd(width)} ${meaning}`);
  const notifier = await buildFunction(project.spec('NotifierFunction'), project.rootDir);
  console.log('');
  for (const line of await burstReport(project, notifier.file, BURST_ENVIRONMENTS)) console.log(line);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
