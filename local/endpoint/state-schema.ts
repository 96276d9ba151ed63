import * as z from 'zod';
import { didYouMean } from '../cli-args';

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
    /** Custom action jobs waiting for a worker: PollForJobs of their type hands them out. */
    jobs?: StateJob[];
    pipelines?: Record<
      string,
      { executions?: Record<string, unknown>[]; actionExecutions?: Record<string, unknown>[] }
    >;
  };
  codedeploy?: { deployments?: Record<string, Record<string, unknown>> };
  /** ECS service deployments as DescribeServiceDeployments returns them, keyed by serviceDeploymentArn. */
  ecs?: { serviceDeployments?: Record<string, Record<string, unknown>> };
  lambda?: {
    functions?: Record<string, { payload?: unknown; functionError?: string; executedVersion?: string }>;
  };
  s3?: {
    /** `zip` (file → text) is zipped; `base64` is the body as is (e.g. a hand-made zip); else `text`. */
    objects?: { bucket: string; key: string; zip?: Record<string, string>; text?: string; base64?: string }[];
  };
  sns?: { topics?: string[] };
  /**
   * Other AWS accounts (a hub's spokes), by account id: the roles STS AssumeRole hands out credentials
   * for, and what calls signed with those credentials read (the account's pipelines and deployments).
   */
  accounts?: Record<string, StateAccount>;
  faults?: StateFault[];
}

/** Another account of the seeded state (see {@link EndpointState.accounts}). */
export interface StateAccount extends Pick<EndpointState, 'codepipeline' | 'codedeploy'> {
  /**
   * Roles that may be assumed (by name; with `externalId`, only with that external id), and optionally
   * the secret key and session token of the credentials handed out (default: local placeholder values).
   */
  roles?: { name: string; externalId?: string; secretAccessKey?: string; sessionToken?: string }[];
}

/** A custom action job of the seeded state, as PollForJobs hands it out (owner `Custom`). */
export interface StateJob {
  /** The job id (a UUID, as CodePipeline's). */
  id: string;
  category: 'Source' | 'Build' | 'Deploy' | 'Test' | 'Invoke' | 'Approval';
  provider: string;
  version: string;
  /** The action's configuration properties, as text. */
  configuration?: Record<string, string>;
  /** Input artifacts: a name and an object of the `s3` section. */
  inputArtifacts?: { name: string; bucket: string; key: string }[];
  /** Credentials handed out with the artifacts (default: local placeholder values). */
  artifactCredentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** The token of the job this one continues. */
  continuationToken?: string;
  /** The pipeline, stage and action it belongs to (JobData's pipelineContext). */
  pipeline?: string;
  stage?: string;
  action?: string;
  /** Another worker acknowledged it first: every AcknowledgeJob answers InvalidNonceException (a lost race). */
  acknowledgedByAnotherWorker?: boolean;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An object with exactly these fields: an unknown one (a misspelled section or key) is an issue at
 * its own path, with the nearest known name (`ssm.paramters: unexpected field (did you mean parameters?)`).
 */
function exactly<S extends z.ZodRawShape>(shape: S) {
  const known = Object.keys(shape);
  return z.looseObject(shape).superRefine(
    (value, ctx) => {
      for (const key of Object.keys(value)) {
        if (known.includes(key)) continue;
        const near = didYouMean(key, known);
        ctx.addIssue({
          code: 'custom',
          path: [key],
          input: value[key],
          message: `unexpected field${near || ` (expected one of: ${known.join(', ')})`}`,
        });
      }
    },
    // Also when a field's value is wrong: every mistake of the file in one message.
    { when: (payload) => isPlainObject(payload.value) },
  );
}

const nonEmpty = z.string().min(1);
const isoTime = z.iso.datetime({ offset: true });
const automationStatus = z.enum(['Success', 'Failed', 'TimedOut', 'Cancelled']);
const IAM_OPERATION = /^[a-z0-9-]+:[A-Za-z]+$/;

/** `operation` of a fault: `service:Operation`, one the endpoint serves (case as IAM ignores it). */
function faultOperation(served: readonly string[]) {
  const lower = new Map(served.map((name) => [name.toLowerCase(), name]));
  const services = [...new Set(served.map((name) => name.split(':')[0]!))];
  return z
    .string()
    .regex(IAM_OPERATION, {
      error: (issue) =>
        `expected an IAM-style "service:Operation" (e.g. "codepipeline:PutJobSuccessResult"), got ${JSON.stringify(issue.input)}`,
    })
    .superRefine((operation, ctx) => {
      if (!IAM_OPERATION.test(operation) || lower.has(operation.toLowerCase())) return;
      const service = operation.split(':')[0]!;
      const ofService = served.filter((name) => name.startsWith(`${service}:`));
      const near = didYouMean(operation, served);
      const hint =
        near ||
        (ofService.length
          ? ` (${service} serves ${ofService.map((name) => name.split(':')[1]).join(', ')})`
          : ` (the endpoint serves ${services.join(', ')})`);
      ctx.addIssue({
        code: 'custom',
        input: operation,
        message: `${JSON.stringify(operation)} is not an operation the local endpoint serves${hint}`,
      });
    });
}

/**
 * The schema of a seeded-state file (local/STATE-FORMAT.md): every section optional, every object
 * exact (a misspelled key is an error, not silently ignored), fault operations among `served`
 * (`service:Operation`, as the endpoint's services list them).
 *
 * @example
 * ```ts
 * endpointStateSchema(['sns:Publish']).safeParse({ faults: [{ operation: 'sns:Publsh', error: 'X' }] }).success; // false
 * ```
 */
export function endpointStateSchema(served: readonly string[]): z.ZodType<EndpointState> {
  const fault = exactly({
    operation: faultOperation(served),
    error: nonEmpty.optional(),
    delayMs: z.number().int().min(0).optional(),
    status: z.number().int().min(400).max(599).optional(),
    malformed: z.boolean().optional(),
    times: z.number().int().min(1).optional(),
    message: z.string().optional(),
  }).refine((f) => f.error !== undefined || f.delayMs !== undefined || f.malformed === true, {
    message: 'a fault does nothing without "error" (an error code), "delayMs" or "malformed": true',
  });
  const job = exactly({
    id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
      error: 'expected a job id (a lowercase UUID)',
    }),
    category: z.enum(['Source', 'Build', 'Deploy', 'Test', 'Invoke', 'Approval']),
    provider: z.string().regex(/^[0-9A-Za-z_-]{1,35}$/, {
      error: 'expected a provider name (1 to 35 of A-Z a-z 0-9 _ -)',
    }),
    version: z
      .string()
      .regex(/^[0-9A-Za-z_-]{1,9}$/, { error: 'expected a version (1 to 9 of A-Z a-z 0-9 _ -)' }),
    configuration: z.record(z.string(), z.string()).optional(),
    inputArtifacts: z
      .array(exactly({ name: nonEmpty, bucket: nonEmpty, key: nonEmpty }))
      .max(5)
      .optional(),
    artifactCredentials: exactly({
      accessKeyId: nonEmpty,
      secretAccessKey: nonEmpty,
      sessionToken: nonEmpty.optional(),
    }).optional(),
    continuationToken: z.string().min(1).max(2048).optional(),
    pipeline: nonEmpty.optional(),
    stage: nonEmpty.optional(),
    action: nonEmpty.optional(),
    acknowledgedByAnotherWorker: z.boolean().optional(),
  });
  const s3Object = exactly({
    bucket: nonEmpty,
    key: nonEmpty,
    zip: z.record(z.string(), z.string()).optional(),
    text: z.string().optional(),
    base64: z.base64().optional(),
  }).refine((o) => [o.zip, o.text, o.base64].filter((body) => body !== undefined).length <= 1, {
    message: 'an object has one body: "zip", "text" or "base64", not several',
  });
  const codepipeline = exactly({
    completedJobs: z.array(nonEmpty).optional(),
    jobs: z.array(job).optional(),
    pipelines: z
      .record(
        z.string(),
        exactly({
          executions: z.array(z.record(z.string(), z.unknown())).optional(),
          actionExecutions: z.array(z.record(z.string(), z.unknown())).optional(),
        }),
      )
      .optional(),
  }).optional();
  const codedeploy = exactly({
    deployments: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  }).optional();
  const role = exactly({
    name: nonEmpty,
    externalId: nonEmpty.optional(),
    secretAccessKey: nonEmpty.optional(),
    sessionToken: nonEmpty.optional(),
  });
  return exactly({
    ssm: exactly({
      parameters: z
        .array(
          exactly({
            name: nonEmpty,
            type: z.enum(['String', 'StringList', 'SecureString']).optional(),
            value: z.string(),
          }),
        )
        .optional(),
      calendars: z
        .record(
          z.string(),
          exactly({ state: z.enum(['OPEN', 'CLOSED']), nextTransitionTime: isoTime.optional() }),
        )
        .optional(),
      automationDocuments: z
        .record(
          z.string(),
          exactly({
            steps: z
              .array(
                exactly({
                  name: nonEmpty,
                  status: automationStatus.optional(),
                  failureMessage: z.string().optional(),
                }),
              )
              .optional(),
            finalStatus: automationStatus.optional(),
            outputs: z.record(z.string(), z.array(z.string())).optional(),
          }),
        )
        .optional(),
    }).optional(),
    cloudwatch: exactly({
      alarms: z
        .array(
          exactly({
            name: nonEmpty,
            state: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']).optional(),
            reason: z.string().optional(),
            type: z.enum(['MetricAlarm', 'CompositeAlarm']).optional(),
            updatedAt: isoTime.optional(),
          }),
        )
        .optional(),
    }).optional(),
    codepipeline,
    codedeploy,
    ecs: exactly({
      serviceDeployments: z
        .record(z.string().startsWith('arn:'), z.record(z.string(), z.unknown()))
        .optional(),
    }).optional(),
    lambda: exactly({
      functions: z
        .record(
          z.string(),
          exactly({
            payload: z.unknown().optional(),
            functionError: nonEmpty.optional(),
            executedVersion: nonEmpty.optional(),
          }),
        )
        .optional(),
    }).optional(),
    s3: exactly({ objects: z.array(s3Object).optional() }).optional(),
    sns: exactly({ topics: z.array(z.string().startsWith('arn:')).optional() }).optional(),
    accounts: z
      .record(
        z.string().regex(/^\d{12}$/, { error: 'expected a 12-digit account id' }),
        exactly({ roles: z.array(role).optional(), codepipeline, codedeploy }),
      )
      .optional(),
    faults: z.array(fault).optional(),
  });
}
