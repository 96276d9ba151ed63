import { SSMClient } from '@aws-sdk/client-ssm';
import { buildFunction } from './build';
import { type CliArgs, USAGE, UsageError, didYouMean, parseCli } from './cli-args';
import { demo } from './demo';
import { loadState } from './endpoint/state';
import { JsonFileError, readJsonFile } from './json-file';
import { invocationReport } from './print';
import { runFunction } from './run';
import { envVarOverrides } from './runtime/env-vars';
import { functionNode, unsupportedNodeNotice } from './runtime/node-binary';
import { sampleAppMissing, startSampleAppQuietly, usedSampleApp } from './sample-app';
import { redactorFor } from './secrets';
import { type Project, loadProject } from './template/project';
import { SamconfigError, parseParameterOverrides } from './template/samconfig';

/**
 * The directory the user ran the command in: `npm run` starts scripts in the package root and says
 * where it was started in INIT_CWD, so relative `--event`/`--state`/`--env-vars` paths resolve there,
 * as SAM CLI resolves them against the current directory.
 */
const userDir = () => process.env.INIT_CWD || process.cwd();

/** With --aws: one clear line when no credentials resolve, rather than the function's stack traces. */
async function missingCredentials(region: string): Promise<string | undefined> {
  try {
    await new SSMClient({ region }).config.credentials();
    return undefined;
  } catch (error) {
    return `--aws: no AWS credentials found (${(error as Error).message.split('\n')[0]}). Configure a profile or AWS_ACCESS_KEY_ID, or drop --aws to use the loopback endpoint.`;
  }
}

/** The template and samconfig as the options select them; unknown parameter names are a usage error. */
function project(args: CliArgs): Project {
  const overrides = args.parameterOverrides ? parseParameterOverrides(args.parameterOverrides) : undefined;
  const loaded = loadProject({
    region: args.region,
    configEnv: args.configEnv,
    parameterOverrides: overrides,
  });
  const declared = Object.keys(loaded.template.Parameters ?? {});
  for (const name of Object.keys(overrides ?? {})) {
    if (!declared.includes(name)) {
      throw new UsageError(
        `--parameter-overrides: ${name} is not a parameter of template.yaml${didYouMean(name, declared)} (it has: ${declared.join(', ')})`,
      );
    }
  }
  return loaded;
}

async function invoke(args: CliArgs, loaded: Project): Promise<number> {
  const logicalId = args.logicalId!;
  if (!loaded.functionIds.includes(logicalId)) {
    throw new UsageError(
      `${logicalId} is not a function of template.yaml${didYouMean(logicalId, loaded.functionIds)} (it has: ${loaded.functionIds.join(', ')})`,
    );
  }
  const baseDir = userDir();
  const event = readJsonFile(args.event!, '--event', baseDir);
  const state = loadState(args.state, { baseDir });
  const spec = loaded.spec(logicalId);
  const vars = args.envVars
    ? envVarOverrides(args.envVars, logicalId, spec.environment, baseDir)
    : { env: {}, ignored: [] };
  if (vars.ignored.length) {
    console.error(
      `Warning: --env-vars ${args.envVars}: ${logicalId} does not declare ${vars.ignored.join(', ')} in template.yaml; ignored, as sam local invoke ignores them (it declares: ${Object.keys(spec.environment).join(', ') || 'none'})`,
    );
  }
  const aws = args.aws || !!process.env.AWS_ENDPOINT_URL;
  if (aws) {
    const missing = await missingCredentials(loaded.region);
    if (missing) return (console.error(missing), 2);
  }
  // The http-check samples check the sample app, as in the demo. It is started quietly; a taken
  // port is said only when this invocation did send a request there.
  const started = aws ? undefined : await startSampleAppQuietly();
  const app = started && 'app' in started ? started.app : undefined;
  try {
    const outcome = await runFunction({ project: loaded, logicalId, event, state, aws, env: vars.env });
    if (started && 'why' in started && usedSampleApp(outcome.httpRequests))
      console.error(sampleAppMissing(started.why));
    console.log(invocationReport(outcome, redactorFor(event, state)));
    return outcome.error ? 1 : 0;
  } finally {
    await app?.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const args = parseCli(argv);
  if (args.command === 'help') return (console.log(USAGE), 0);
  const notice = unsupportedNodeNotice(functionNode().version);
  if (notice) console.error(notice);
  const loaded = project(args);
  if (args.command === 'build') {
    for (const id of loaded.functionIds) {
      const built = await buildFunction(loaded.spec(id), loaded.rootDir);
      console.log(
        `${id}: ${built.file} (${(built.bytes / 1024).toFixed(0)} KB${built.cached ? ', unchanged' : ''})`,
      );
    }
    return 0;
  }
  if (args.command === 'demo') return (await demo(loaded)) > 0 ? 1 : 0;
  return invoke(args, loaded);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`Error: ${message}`);
    if (error instanceof UsageError) console.error(`\n${USAGE}`);
    // A command line or input file to fix: 2, like a usage error; anything else: 1.
    const input = [UsageError, JsonFileError, SamconfigError].some((type) => error instanceof type);
    process.exitCode = input ? 2 : 1;
  },
);
