import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildFunction } from './build';
import { demo } from './demo';
import { SSMClient } from '@aws-sdk/client-ssm';
import { loadState } from './endpoint/state';
import { invocationReport } from './print';
import { runFunction } from './run';
import { SAMPLE_APP_PORT, startSampleApp } from './sample-app';
import { redactorFor } from './secrets';
import { loadProject } from './template/project';
import { parseParameterOverrides } from './template/samconfig';

const USAGE = `Usage:
  npm run local -- invoke <LogicalId> --event <file> [--state <file>...] [--aws] [--env-vars <json>]
                   [--parameter-overrides "K=V ..."] [--region <region>] [--config-env <env>]
  npm run build    build every function like sam build (into .aws-sam/local-build/<LogicalId>/)
  npm run demo     replay every events/<dir>/*.json through its function against the loopback endpoint`;

/** `--env-vars` in sam local's format: `{ "<LogicalId>": {...}, "Parameters": {...} }` (Parameters apply to all). */
function envVars(path: string | undefined, logicalId: string): Record<string, string> {
  if (!path) return {};
  const file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, string>>;
  return { ...file.Parameters, ...file[logicalId] };
}

/** With --aws: one clear line when no credentials resolve, rather than the function's stack traces. */
async function missingCredentials(region: string): Promise<string | undefined> {
  try {
    await new SSMClient({ region }).config.credentials();
    return undefined;
  } catch (error) {
    return `--aws: no AWS credentials found (${(error as Error).message.split('\n')[0]}). Configure a profile or AWS_ACCESS_KEY_ID, or drop --aws to use the loopback endpoint.`;
  }
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      event: { type: 'string', short: 'e' },
      state: { type: 'string', multiple: true },
      aws: { type: 'boolean', default: false },
      'env-vars': { type: 'string', short: 'n' },
      'parameter-overrides': { type: 'string' },
      region: { type: 'string' },
      'config-env': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, logicalId] = positionals;
  if (values.help || !command) return (console.log(USAGE), command ? 0 : 2);
  const project = loadProject({
    region: values.region,
    configEnv: values['config-env'],
    parameterOverrides: values['parameter-overrides']
      ? parseParameterOverrides(values['parameter-overrides'])
      : {},
  });
  if (command === 'build') {
    for (const id of project.functionIds) {
      const built = await buildFunction(project.spec(id), project.rootDir);
      console.log(
        `${id}: ${built.file} (${(built.bytes / 1024).toFixed(0)} KB${built.cached ? ', unchanged' : ''})`,
      );
    }
    return 0;
  }
  if (command === 'demo') return (await demo(project), 0); // a sample event may be meant to throw
  if (command === 'invoke' && logicalId && values.event) {
    const event = JSON.parse(readFileSync(values.event, 'utf8')) as unknown;
    const state = loadState(values.state);
    const env = envVars(values['env-vars'], logicalId);
    const aws = values.aws || !!process.env.AWS_ENDPOINT_URL;
    if (aws) {
      const missing = await missingCredentials(project.region);
      if (missing) return (console.error(missing), 2);
    }
    // The http-check samples check the sample app, as in the demo (a taken port: whatever answers there).
    const app = aws ? undefined : await startSampleApp(SAMPLE_APP_PORT).catch(() => undefined);
    try {
      const outcome = await runFunction({ project, logicalId, event, state, aws, env });
      console.log(invocationReport(outcome, redactorFor(event, state)));
      return outcome.error ? 1 : 0;
    } finally {
      await app?.close();
    }
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
