import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCli } from '../../local/cli-args';
import { loadState } from '../../local/endpoint/state';
import { readJsonFile } from '../../local/json-file';
import { loadProject } from '../../local/template/project';
import { parseParameterOverrides, readSamconfig, shellWords } from '../../local/template/samconfig';
import { checkCloudFormation } from './check-cloudformation';
import { checkParameter } from './check-config';

/** What a documented command is checked against. */
export interface CommandContext {
  rootDir: string;
  /** The directory the command runs in (a `cd` earlier in its chain changes it). */
  cwd: string;
}

const scripts = (rootDir: string) =>
  (JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts;

/** `--name value` / `--name=value` of a word list. */
function option(words: string[], ...names: string[]): string | undefined {
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    for (const name of names) {
      if (word === name) return words[i + 1];
      if (word.startsWith(`${name}=`)) return word.slice(name.length + 1);
    }
  }
  return undefined;
}

const templateParameters = (dir: string) =>
  Object.keys(loadProject({ rootDir: dir }).template.Parameters ?? {});

/** `npm run local -- invoke …`: the runner parses it, and every file and name it uses exists. */
function checkLocalRunner(args: string[], ctx: CommandContext): string[] {
  const cli = parseCli(args);
  if (cli.command !== 'invoke') return [];
  const overrides = cli.parameterOverrides ? parseParameterOverrides(cli.parameterOverrides) : undefined;
  const project = loadProject({ rootDir: ctx.cwd, configEnv: cli.configEnv, parameterOverrides: overrides });
  const problems: string[] = [];
  if (!project.functionIds.includes(cli.logicalId!))
    problems.push(`${cli.logicalId} is not a function of template.yaml`);
  else {
    // A stage switch must switch the configuration path too (SAM replaces parameter_overrides whole).
    const stage = (project.context.parameters as Record<string, string | undefined>).Stage;
    const path = project.spec(cli.logicalId!).environment.PIPEWRIGHT_CONFIG_PATH;
    if (stage && path !== undefined && path !== `/pipewright/${stage}/`)
      problems.push(`runs with Stage=${stage} but ConfigPath ${path}`);
  }
  for (const name of Object.keys(overrides ?? {})) {
    if (!templateParameters(ctx.cwd).includes(name))
      problems.push(`--parameter-overrides ${name}: no such template parameter`);
  }
  readJsonFile(resolve(ctx.cwd, cli.event!), '--event');
  loadState(cli.state.map((file) => resolve(ctx.cwd, file)));
  if (cli.envVars) readJsonFile(resolve(ctx.cwd, cli.envVars), '--env-vars');
  return problems;
}

function checkNpm(words: string[], ctx: CommandContext): string[] {
  const [sub, script, ...rest] = words;
  const known = scripts(ctx.rootDir);
  if (sub === 'ci' || sub === 'install') return [];
  if (sub === 'test') return known.test ? [] : ['package.json has no test script'];
  if (sub !== 'run' || !script) return [`npm ${sub ?? ''}: no checker for this npm command`];
  if (!known[script]) return [`npm run ${script}: package.json has no such script`];
  const args = rest[0] === '--' ? rest.slice(1) : rest;
  if (script === 'local') return checkLocalRunner(args, ctx);
  return args.length ? [`npm run ${script}: takes no arguments in the docs`] : [];
}

/** `sam …`: config environments exist in samconfig.toml, logical ids and parameters in template.yaml. */
function checkSam(words: string[], ctx: CommandContext): string[] {
  const problems: string[] = [];
  for (const file of ['template.yaml', 'samconfig.toml']) {
    if (!existsSync(join(ctx.cwd, file))) problems.push(`sam runs in ${ctx.cwd}, which has no ${file}`);
  }
  if (problems.length) return problems;
  const environments = Object.keys(readSamconfig(join(ctx.cwd, 'samconfig.toml')));
  const env = option(words, '--config-env');
  if (env && !environments.includes(env))
    problems.push(`--config-env ${env}: samconfig.toml has ${environments.join(', ')}`);
  const overrides = option(words, '--parameter-overrides');
  const named = Object.keys(overrides ? parseParameterOverrides(overrides) : {});
  for (const name of named) {
    if (!templateParameters(ctx.cwd).includes(name))
      problems.push(`--parameter-overrides ${name}: no such template parameter`);
  }
  const [sub, subSub, id] = words;
  if (overrides !== undefined) {
    // SAM CLI replaces samconfig's parameter_overrides whole: a parameter it sets and the command
    // does not name falls back to the template default.
    const command = sub === 'local' ? `local_${subSub ?? ''}` : (sub ?? '');
    const config = readSamconfig(join(ctx.cwd, 'samconfig.toml'))[env ?? 'default'];
    const table = { ...config?.['global.parameters'], ...config?.[`${command}.parameters`] };
    const dropped = Object.keys(
      table.parameter_overrides !== undefined
        ? parseParameterOverrides(table.parameter_overrides as string | string[])
        : {},
    ).filter((name) => !named.includes(name));
    if (dropped.length)
      problems.push(
        `sam ${sub} --parameter-overrides replaces samconfig.toml's parameter_overrides whole: also name ${dropped.join(', ')} (else the template defaults apply)`,
      );
  }
  const ids = loadProject({ rootDir: ctx.cwd }).functionIds;
  if (sub === 'local' && subSub === 'invoke' && id && !ids.includes(id))
    problems.push(`${id} is not a function of template.yaml`);
  const event = option(words, '-e', '--event');
  if (event) readJsonFile(resolve(ctx.cwd, event), 'sam -e');
  if (!['build', 'deploy', 'validate', 'local', 'logs', 'delete', 'sync'].includes(sub ?? ''))
    problems.push(`sam ${sub}: no checker`);
  return problems;
}

/** `aws …`: Parameter Store writes are checked against the configuration schemas; others need a checker. */
function checkAws(words: string[], ctx: CommandContext): string[] {
  const [service, operation] = words;
  if (service === 'ssm' && operation === 'put-parameter') {
    const name = option(words, '--name');
    const value = option(words, '--value');
    const type = option(words, '--type') ?? 'String';
    if (!name || value === undefined) return ['aws ssm put-parameter needs --name and --value'];
    return checkParameter(name, value, type, ctx.rootDir);
  }
  if (service === 'cloudformation') return checkCloudFormation(words, ctx.cwd);
  return [`aws ${service} ${operation}: no checker (add one in test/docs/check-command.ts)`];
}

/**
 * Checks one documented shell command chain (`a && b`), returning what is wrong with it; a program
 * without a checker is a problem too, so a new kind of command cannot slip into the docs unchecked.
 *
 * @example
 * ```ts
 * checkCommandChain(['sam build', 'sam deploy --config-env prod'], root); // []
 * ```
 */
export function checkCommandChain(chain: string[], rootDir: string): string[] {
  const ctx: CommandContext = { rootDir, cwd: rootDir };
  return chain.flatMap((command) => {
    const [program, ...words] = shellWords(command);
    try {
      switch (program) {
        case 'cd':
          ctx.cwd = resolve(ctx.cwd, words[0] ?? '.');
          return existsSync(ctx.cwd) ? [] : [`cd ${words[0]}: no such directory`];
        case 'npm':
          return checkNpm(words, ctx);
        case 'sam':
          return checkSam(words, ctx);
        case 'aws':
          return checkAws(words, ctx);
        case 'cfn-lint':
        case 'bash':
          return words.every((file) => file.startsWith('-') || existsSync(resolve(ctx.cwd, file)))
            ? []
            : [`${command}: a file it names does not exist`];
        default:
          return [`${program}: no checker for this program (add one in test/docs/check-command.ts)`];
      }
    } catch (error) {
      return [`${command}: ${(error as Error).message}`];
    }
  });
}
