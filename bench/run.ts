/**
 * `npm run bench`: per function, the bundle size, the module load time of a cold start (a fresh
 * Node process requiring the bundle), the first (cold) invocation and a second (warm) invocation in
 * the same process, against the loopback endpoint, and the process's peak memory (Lambda's "Max Memory
 * Used", to size MemorySize). Medians of a few runs on this machine; not a test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFunction } from '../local/build';
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

/** What each column measures, printed under the table (and in the README). */
const COLUMNS = [
  ['bundle KB', 'size of the esbuild bundle, as sam build makes it'],
  ['load', 'cold start: ms to require the bundle in a fresh Node process (Lambda "Init Duration")'],
  [
    '1st invoke',
    'ms of the first invocation in that process (cold: opens connections, loads and caches configuration)',
  ],
  ['warm invoke', 'ms of a second invocation in the same process (a warm Lambda execution environment)'],
  ['max MB', 'peak resident memory of the process (Lambda "Max Memory Used"), to size MemorySize'],
] as const;

async function main() {
  const node = functionNode();
  console.log(
    `${nodeLabel(node)}, ${countText(RUNS, 'run')} per function, medians against the loopback endpoint`,
  );
  console.log(
    `${'function'.padEnd(24)} ${'bundle KB'.padStart(9)} ${'load'.padStart(7)} ${'1st invoke'.padStart(11)} ${'warm invoke'.padStart(12)} ${'max MB'.padStart(7)}`,
  );
  for (const [logicalId, eventFile] of Object.entries(SAMPLE_EVENTS)) {
    const built = await buildFunction(project.spec(logicalId), project.rootDir);
    const event = JSON.parse(readFileSync(join(project.rootDir, 'events', eventFile), 'utf8')) as unknown;
    const runs: Awaited<ReturnType<typeof once>>[] = [];
    for (let i = 0; i < RUNS; i += 1) runs.push(await once(logicalId, built.file, event));
    const cell = (key: 'initMs' | 'coldMs' | 'warmMs' | 'memoryMB', width: number) =>
      median(runs.map((r) => r[key]))
        .toFixed(0)
        .padStart(width);
    console.log(
      `${logicalId.padEnd(24)} ${(built.bytes / 1024).toFixed(0).padStart(9)} ${cell('initMs', 7)} ${cell('coldMs', 11)} ${cell('warmMs', 12)} ${cell('memoryMB', 7)}`,
    );
  }
  console.log('');
  for (const [column, meaning] of COLUMNS) console.log(`  ${column.padEnd(11)} ${meaning}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
