import { parseArgs } from 'node:util';

/** The runner's usage text (`npm run local -- --help`). */
export const USAGE = `Usage:
  npm run local -- invoke <LogicalId> --event <file> [--state <file>...] [--aws] [--env-vars <file>]
                   [--parameter-overrides "K=V ..."] [--config-env <env>] [--region <region>]
  npm run build    build every function like sam build (into .aws-sam/local-build/<LogicalId>/)
  npm run demo     replay every events/<dir>/*.json through its function against the loopback endpoint`;

/** The runner's commands. */
const COMMANDS = ['invoke', 'build', 'demo'] as const;

/** A command line the runner cannot act on; the message says why (the usage is printed after it). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A parsed command line. */
export interface CliArgs {
  command: (typeof COMMANDS)[number] | 'help';
  logicalId?: string;
  event?: string;
  state: string[];
  aws: boolean;
  envVars?: string;
  parameterOverrides?: string;
  region?: string;
  configEnv?: string;
}

const OPTIONS = {
  event: { type: 'string', short: 'e' },
  state: { type: 'string', multiple: true },
  aws: { type: 'boolean', default: false },
  'env-vars': { type: 'string', short: 'n' },
  'parameter-overrides': { type: 'string' },
  region: { type: 'string' },
  'config-env': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Edit distance of two short words (for "did you mean"). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const next = [i];
    for (let j = 1; j <= b.length; j += 1) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}

/**
 * ` (did you mean invoke?)` when `word` is within two edits of one of `choices`, else ``.
 *
 * @example
 * ```ts
 * didYouMean('invok', ['invoke', 'build']); // ' (did you mean invoke?)'
 * ```
 */
export function didYouMean(word: string, choices: readonly string[]): string {
  const near = (choice: string) => distance(word.toLowerCase(), choice.toLowerCase());
  const best = [...choices].sort((a, b) => near(a) - near(b))[0];
  return best !== undefined && near(best) <= 2 ? ` (did you mean ${best}?)` : '';
}

/** `--evnt` → `unknown option --evnt (did you mean --event?)`, from parseArgs' own error. */
function optionError(error: Error): UsageError {
  const option = /'(-{1,2}[^']+)'/.exec(error.message)?.[1];
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
    const names = Object.keys(OPTIONS).map((name) => `--${name}`);
    return new UsageError(`unknown option ${option}${didYouMean(option, names)}`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    // parseArgs names it `-e, --event <value>`: say the long name, and what value it takes.
    const long = /--[a-z-]+/.exec(option)?.[0] ?? option.split(' ')[0];
    const value = new RegExp(`${long} (<[^>]+>|"[^"]+")`).exec(USAGE)?.[1];
    return new UsageError(`option ${long} needs a value${value ? ` (${long} ${value})` : ''}`);
  }
  return new UsageError(error.message.split('\n')[0] ?? error.message);
}

/**
 * Parses the runner's command line, or throws a {@link UsageError} saying what is missing or wrong
 * (`invoke needs --event <file>`, `unknown command "invok" (did you mean invoke?)`).
 *
 * @example
 * ```ts
 * parseCli(['invoke', 'NotifierFunction', '--event', 'events/notifier/pipeline-failed.json']).event;
 * ```
 */
export function parseCli(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    throw optionError(error as Error);
  }
  const { positionals, values } = parsed;
  const [command, logicalId, ...extra] = positionals;
  const args: CliArgs = {
    command: 'help',
    logicalId,
    event: values.event,
    state: values.state ?? [],
    aws: values.aws ?? false,
    envVars: values['env-vars'],
    parameterOverrides: values['parameter-overrides'],
    region: values.region,
    configEnv: values['config-env'],
  };
  if (values.help) return args;
  if (!command) throw new UsageError(`no command given: use one of ${COMMANDS.join(', ')}`);
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(
      `unknown command "${command}"${didYouMean(command, COMMANDS)}: use one of ${COMMANDS.join(', ')}`,
    );
  }
  args.command = command as CliArgs['command'];
  if (command !== 'invoke') {
    if (logicalId) throw new UsageError(`${command} takes no arguments, got "${logicalId}"`);
    return args;
  }
  if (!logicalId) throw new UsageError('invoke needs the LogicalId of a function, e.g. NotifierFunction');
  if (extra.length) throw new UsageError(`invoke takes one LogicalId, got also "${extra.join(' ')}"`);
  if (!args.event) {
    throw new UsageError(
      `invoke needs --event <file>: the event to send, e.g. --event events/notifier/pipeline-failed.json`,
    );
  }
  return args;
}
