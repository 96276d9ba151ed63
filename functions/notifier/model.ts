/**
 * The service an event came from, as in its ARNs and the `source` message attribute: `codepipeline`,
 * `codebuild`, `codedeploy` for today's families. A string, so that a new family needs no edit here.
 */
export type SourceName = string;

/**
 * What the event is about: `pipeline` (a whole execution), `stage`, `action`, `build`, `deployment`
 * for today's families. A string, so that a new family needs no edit here: nothing compares it with
 * known values (what renderers need comes with the family's {@link Nouns} and {@link Placement}; enrichers are listed by
 * each family). It names the chat `eventType`.
 */
export type Scope = string;

/** What an event family calls its resource and its run, for headlines (`Pipeline` ... `execution`). */
export interface Nouns {
  resource: string;
  run: string;
}

/** How headlines and subjects place an event of a family (`{}`: the event is about a whole run). */
export interface Placement {
  /**
   * The part of a run the family's events are about, named with its place in the headline
   * (`stage` → "Pipeline p stage Deploy FAILED").
   */
  part?: string;
  /** True when the subject names the run (its id) if no stage or action places it: `[FAILED] app: d-123`. */
  runInSubject?: boolean;
}

/** How loud a notification is; also a SNS message attribute for filter policies. */
export type Severity = 'critical' | 'warning' | 'info' | 'recovered';

/** One failed step: a pipeline action, a build phase, a deployment. */
export interface Failure {
  stage?: string;
  action?: string;
  /** Action provider (`CodeBuild`, `CodeDeploy`, `Lambda`...). */
  provider?: string;
  /** Error code (`JobFailed`, `DEPLOYMENT_FAILED`, `COMMAND_EXECUTION_ERROR`...). */
  code?: string;
  /** What went wrong, in the provider's words (redacted, capped). */
  summary?: string;
  /** Link to the failed thing (build, deployment, external run). */
  url?: string;
}

/** A source revision of a pipeline execution (commit). */
export interface Revision {
  /** Artifact name (`SourceArtifact`). */
  name?: string;
  /** Commit id, S3 version id... */
  id: string;
  /** Commit message or revision summary (first line, redacted, capped). */
  summary?: string;
  url?: string;
  /** When the revision was created (`ArtifactRevision.created`: a commit's time for Git sources), epoch ms. */
  time?: number;
}

/** A labelled link. */
export interface Link {
  label: string;
  url: string;
}

/** The previous completed execution of the same pipeline. */
export interface PreviousRun {
  executionId: string;
  /** API status: `Succeeded`, `Failed`, `Stopped`. */
  status: string;
  /** For a recovery: epoch ms at which the pipeline went red (the first failure of the streak). */
  redSince?: number;
  /** For a recovery: how many executions in a row had failed. */
  failedRuns?: number;
  /** For a recovery: what had failed in the previous run. */
  failures?: Failure[];
}

/**
 * One notification, whatever event it came from. Sources build it from the event; enrichers add what
 * the event does not say; renderers turn it into text and chat JSON. It never holds secrets: every
 * free text in it went through `redact` when it was set.
 */
export interface Notification {
  source: SourceName;
  scope: Scope;
  /** Its family's words for the resource and the run (set by `defineSource` from the family's definition). */
  nouns: Nouns;
  /** Its family's {@link Placement} (set by `defineSource` from the family's definition). */
  placement: Placement;
  /** Pipeline name, CodeBuild project or CodeDeploy application. */
  resource: string;
  /** ARN of what the notification is about (the pipeline, the build, the application), in the event's partition. */
  arn: string;
  /** The state as the event says it (`FAILED`, `FAULT`, `FAILURE`, `STOP`...). */
  state: string;
  /** The state shown to humans; `RECOVERED` once a success after a failure is recognised. */
  label: string;
  severity: Severity;
  region: string;
  account: string;
  /** The account's name from the `account-aliases` parameter, when it gives one. */
  accountAlias?: string;
  /**
   * True when the event is of another account or region than the notifier's own (a hub's spoke): the
   * messages then say which account and region.
   */
  elsewhere?: boolean;
  /** Event time, epoch ms. */
  time: number;
  /** Pipeline execution id, build id or deployment id. */
  executionId: string;
  /** The pipeline execution this event belongs to (pipeline, stage and action events). */
  pipelineExecutionId?: string;
  stage?: string;
  action?: string;
  provider?: string;
  /** CodeDeploy deployment group. */
  deploymentGroup?: string;
  /** Who or what started it: `Webhook`, `StartPipelineExecution by arn:...`, `codepipeline/prod`... */
  trigger?: { type: string; detail?: string };
  failures: Failure[];
  revisions: Revision[];
  durationMs?: number;
  previous?: PreviousRun;
  links: Link[];
  /** A CLI command that retries the failed part. */
  retryCommand?: string;
  /** Extra one-line facts (`Deployment overview: 3 succeeded, 1 failed`). */
  facts: string[];
  /** What is wrong with the notifier's configuration while it is (rendered as "Configuration problem: …"). */
  configProblem?: string;
  /**
   * True when the event counts in the delivery metrics (`delivery.ts`): enrichment then reads what they
   * need (the source revisions' times) even when the event notifies nobody.
   */
  delivery?: boolean;
  /**
   * Why no enrichment ran (rendered as "Not enriched: …"): the event's account could not be read,
   * `could not assume arn:aws:iam::210987654321:role/pipewright-reader (AccessDenied: …)`.
   */
  unenriched?: string;
}

/** Why an event produced no notification (a low-cardinality metric dimension). */
export type SkipReason =
  | 'unsupported-event'
  | 'invalid-event'
  | 'filtered-resource'
  | 'state-not-notified'
  | 'folded-into-pipeline'
  | 'started-by-pipeline'
  | 'success-after-success'
  | 'previous-run-unknown';

/**
 * The decision taken before enrichment: `undefined` to go on, a {@link SkipReason} to skip, or
 * `'unless-recovery'` to go on and publish only if enrichment shows a recovery (a success is news
 * only after a failure).
 */
export type EarlyVerdict = SkipReason | 'unless-recovery' | undefined;

/** What gets published: subject, text, chat JSON, and the model for machine subscribers. */
export interface RenderedNotification {
  subject: string;
  text: string;
  chat: object;
  model: Notification;
}
