import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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
 * and/or answer only after `delayMs` (a slow service; without `error` the answer itself is the normal one).
 */
export interface StateFault {
  operation: string;
  error?: string;
  /** Milliseconds the loopback server waits before answering (default: 0). */
  delayMs?: number;
  status?: number;
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
  s3?: { objects?: { bucket: string; key: string; zip?: Record<string, string>; text?: string }[] };
  sns?: { topics?: string[] };
  faults?: StateFault[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge of seeded states: arrays are concatenated, objects merged key by key, scalars replaced. */
export function mergeStates(...states: unknown[]): EndpointState {
  const merge = (a: unknown, b: unknown): unknown => {
    if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
    if (isObject(a) && isObject(b)) {
      const out: Record<string, unknown> = { ...a };
      for (const [key, value] of Object.entries(b)) out[key] = key in out ? merge(out[key], value) : value;
      return out;
    }
    return b === undefined ? a : b;
  };
  return states.reduce<unknown>((acc, state) => merge(acc, state), {}) as EndpointState;
}

/** Directory of the committed seed files (`local/state`). */
export const defaultStateDir = join(__dirname, '..', 'state');

/**
 * Reads and merges seed files: the given files, or every `*.json` of `local/state` when none is given.
 *
 * @example
 * ```ts
 * const state = loadState(); // local/state/*.json merged
 * ```
 */
export function loadState(files?: string[]): EndpointState {
  const paths =
    files && files.length > 0
      ? files
      : readdirSync(defaultStateDir)
          .filter((name) => name.endsWith('.json'))
          .sort()
          .map((name) => join(defaultStateDir, name));
  return mergeStates(
    ...paths.map((path) => {
      try {
        return JSON.parse(readFileSync(path, 'utf8')) as unknown;
      } catch (error) {
        throw new Error(`Cannot read state file ${path}: ${(error as Error).message}`, { cause: error });
      }
    }),
  );
}
