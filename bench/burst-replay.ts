import { type Endpoint, startEndpoint } from '../local/endpoint/server';
import type { StateFault } from '../local/endpoint/state';
import { withTemplateTopics } from '../local/run';
import { functionArn, lambdaEnvironment } from '../local/runtime/environment';
import { FunctionProcess } from '../local/runtime/function-process';
import type { Project } from '../local/template/project';
import type { BurstEvent } from './burst-world';

/**
 * One warm execution environment of the notifier: a function process and its own loopback endpoint (so
 * that the calls of an invocation are the endpoint's new calls), seeded with `state` and `faults`.
 *
 * @example
 * ```ts
 * const env = await environment(project, bundle.file, state, []);
 * ```
 */
export async function environment(project: Project, file: string, state: object, faults: StateFault[]) {
  const spec = project.spec('NotifierFunction');
  const endpoint = await startEndpoint({
    state: withTemplateTopics({ ...state, faults }, project),
    region: project.region,
  });
  const env = lambdaEnvironment(spec, {
    region: project.region,
    target: { kind: 'endpoint', url: endpoint.url },
    taskRoot: file,
  });
  const started = await FunctionProcess.start({ rootDir: project.rootDir, file, handler: 'handler', env });
  if (started.error) throw new Error(`the notifier did not load: ${started.error.errorMessage}`);
  const options = {
    timeoutMs: spec.timeoutSeconds * 1000,
    functionName: spec.functionName,
    memorySize: spec.memorySize,
    invokedFunctionArn: functionArn(spec, project.region),
  };
  return {
    endpoint,
    invoke: (event: unknown) => started.process.invoke(event, options),
    close: () => started.process.close(),
  };
}

/**
 * Replays `events` through the environments, each taking the next event when done with one (as Lambda
 * spreads a burst over its concurrency); per event, where its calls start and end in its endpoint's record.
 *
 * @example
 * ```ts
 * const runs = await replay(envs, events);
 * ```
 */
export async function replay(envs: Awaited<ReturnType<typeof environment>>[], events: BurstEvent[]) {
  const runs: {
    burst: BurstEvent;
    endpoint: Endpoint;
    calls: number;
    from: number;
    published: number;
    error: boolean;
  }[] = [];
  let next = 0;
  await Promise.all(
    envs.map(async ({ endpoint, invoke }) => {
      while (next < events.length) {
        const burst = events[next++]!;
        const from = endpoint.calls.length;
        const published = endpoint.published.length;
        const outcome = await invoke(burst.event);
        runs.push({
          burst,
          endpoint,
          from,
          calls: endpoint.calls.length,
          published: endpoint.published.length - published,
          error: outcome.error !== undefined,
        });
      }
    }),
  );
  return runs;
}
