import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile } from '../json-file';

/** One Parameter Store parameter of the seeded state. */
export interface StateParameter {
  name: string;
  type?: 'String' | 'StringList' | 'SecureString';
  value: string;
}

/** One SSM Automation document: its steps run one per GetAutomationExecution call. */
export interface StateAutomationDocument {
  steps?: { name: string; status?: string; failureMessage?: string }[];
  finalStatus?: string;
  outputs?: Record<string, string[]>;
}

/** One CloudWatch alarm of the seeded state. */
export interface StateAlarm {
  name: string;
  state?: string;
  reason?: string;
  type?: 'MetricAlarm' | 'CompositeAlarm';
  updatedAt?: string;
}

/**
 * One fault: the first `times` calls of `operation` (IAM style `service:Operation`) answer `error`,
 * and/or are answered only `delayMs` after they arrived (a slow service).
 */
export interface StateFault {
  operation: string;
  /** Error code to answer (omit with `delayMs` for a slow but correct answer). */
  error?: string;
  /**
   * Wait this long before handling the call; a call whose client gave up meanwhile is recorded as
   * `ClientClosed` and has no effect (default: no delay).
   */
  delayMs?: number;
  status?: number;
  /** Answer HTTP 200 with a truncated body that no protocol parses (the operation does not run). */
  malformed?: boolean;
  /** How many calls fail (default: every call). */
  times?: number;
  message?: string;
}

/** The seeded state of the loopback endpoint (see local/STATE-FORMAT.md). Every section is optional. */
export interface EndpointState {
  ssm?: {
    parameters?: StateParameter[];
    calendars?: Record<string, { state: 'OPEN' | 'CLOSED'; nextTransitionTime?: string }>;
    automationDocuments?: Record<string, StateAutomationDocument>;
  };
  cloudwatch?: { alarms?: StateAlarm[] };
  codepipeline?: {
    completedJobs?: string[];
    pipelines?: Record<
      string,
      { executions?: Record<string, unknown>[]; actionExecutions?: Record<string, unknown>[] }
    >;
  };
  codedeploy?: { deployments?: Record<string, Record<string, unknown>> };
  lambda?: {
    functions?: Record<string, { payload?: unknown; functionError?: string; executedVersion?: string }>;
  };
  s3?: {
    /** `zip` (file → text) is zipped; `base64` is the body as is (e.g. a hand-made zip); else `text`. */
    objects?: { bucket: string; key: string; zip?: Record<string, string>; text?: string; base64?: string }[];
  };
  sns?: { topics?: string[] };
  faults?: StateFault[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What makes two items of a seeded list the same item: a string itself, `name`, or S3 `bucket` + `key`. */
function identity(item: unknown): string | undefined {
  if (typeof item === 'string') return item;
  if (!isObject(item)) return undefined;
  if (typeof item.name === 'string') return `name:${item.name}`;
  if (typeof item.bucket === 'string' && typeof item.key === 'string') return `s3:${item.bucket}/${item.key}`;
  return undefined;
}

/** A list with `more` added: an item with the identity of an earlier one replaces it in place. */
function mergeLists(list: unknown[], more: unknown[]): unknown[] {
  const out = [...list];
  for (const item of more) {
    const id = identity(item);
    const at = id === undefined ? -1 : out.findIndex((earlier) => identity(earlier) === id);
    if (at >= 0) out[at] = item;
    else out.push(item);
  }
  return out;
}

/**
 * Deep merge of seeded states, later ones adding to and overriding earlier ones: objects are merged
 * key by key, lists get the new items (an item with the same name — parameter, alarm, topic — or the
 * same S3 bucket and key replaces the earlier one; faults are appended), scalars are replaced.
 */
export function mergeStates(...states: unknown[]): EndpointState {
  const merge = (a: unknown, b: unknown): unknown => {
    if (Array.isArray(a) && Array.isArray(b)) return mergeLists(a, b);
    if (isObject(a) && isObject(b)) {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const [key, value] of Object.entries(a)) out[key] = value;
      for (const [key, value] of Object.entries(b)) {
        out[key] = Object.hasOwn(out, key) ? merge(out[key], value) : value;
      }
      return out;
    }
    return b === undefined ? a : b;
  };
  return states.reduce<unknown>((acc, state) => merge(acc, state), {}) as EndpointState;
}

/** Directory of the committed seed files (`local/state`). */
const defaultStateDir = join(__dirname, '..', 'state');

/** The committed seed files, `local/state/*.json`, in name order. */
const defaultStateFiles = () =>
  readdirSync(defaultStateDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(defaultStateDir, name));

/**
 * The seeded state: every `local/state/*.json`, then the given files (`--state`) merged over it with
 * {@link mergeStates}, so a file adds to and overrides the default seed. A file that is missing or
 * is not valid JSON fails with a {@link JsonFileError} naming it.
 *
 * @example
 * ```ts
 * const state = loadState(['mine.json']); // local/state/*.json, then mine.json over it
 * ```
 */
export function loadState(files: string[] = []): EndpointState {
  return mergeStates(
    ...defaultStateFiles().map((path) => readJsonFile(path, 'state file')),
    ...files.map((path) => readJsonFile(path, '--state')),
  );
}
