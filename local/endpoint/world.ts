import { randomUUID } from 'node:crypto';
import type { EndpointState, StateFault } from './state';

/** The account every fake ARN uses. */
export const ACCOUNT_ID = '123456789012';

/** An AWS error answered in the protocol's own error shape (`code` is the wire error code). */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

/** One recorded AWS call: what was asked (secrets redacted) and what was answered. */
export interface CallRecord {
  service: string;
  operation: string;
  /** Short summary of the input; never secret values. */
  input: string;
  /** `ok` or the error code answered. */
  outcome: string;
  /** HTTP status answered. */
  status: number;
  /** A short note about the answer (`3 parameters`, `InProgress`, ...), or the error message. */
  detail: string;
  /** True when the error came from fault injection. */
  injected: boolean;
  /** Access key id the request was signed with (SigV4 `Credential=<id>/…`); never the secret or token. */
  accessKeyId?: string;
}

/** A message accepted by SNS Publish. */
export interface PublishedMessage {
  topicArn: string;
  subject?: string;
  message: string;
  messageStructure?: string;
  /** `MessageAttributes` by name, as sent (String and Number types carry a StringValue). */
  messageAttributes: Record<string, { DataType?: string; StringValue?: string }>;
}

/** The endpoint's live state: the seed plus what calls changed (reported jobs, hooks, executions). */
export class World {
  readonly calls: CallRecord[] = [];
  readonly published: PublishedMessage[] = [];
  readonly completedJobs: Set<string>;
  readonly completedHooks = new Set<string>();
  readonly automations = new Map<
    string,
    { document: string; polls: number; startedAt: Date; parameters: unknown }
  >();
  private readonly faultUses = new Map<StateFault, number>();

  /** Forgets what calls changed (reported jobs and hooks, executions, fault counts); keeps the call record. */
  reset(): void {
    this.completedJobs.clear();
    for (const id of this.state.codepipeline?.completedJobs ?? []) this.completedJobs.add(id);
    this.completedHooks.clear();
    this.automations.clear();
    this.faultUses.clear();
  }

  constructor(
    readonly state: EndpointState,
    readonly region: string,
  ) {
    this.completedJobs = new Set(state.codepipeline?.completedJobs ?? []);
  }

  /** Milliseconds the answer being prepared must wait (a slow fault applied to it). */
  private answerDelayMs = 0;

  /**
   * Applies the first fault of `service:operation` that still applies: remembers its delay (see
   * {@link takeAnswerDelay}) and throws its error, if it has one.
   */
  injectFault(service: string, operations: string[]): void {
    const names = operations.map((operation) => `${service}:${operation}`.toLowerCase());
    const fault = (this.state.faults ?? []).find(
      (f) =>
        names.includes(f.operation.toLowerCase()) &&
        (this.faultUses.get(f) ?? 0) < (f.times ?? Number.POSITIVE_INFINITY),
    );
    if (!fault) return;
    this.faultUses.set(fault, (this.faultUses.get(fault) ?? 0) + 1);
    this.answerDelayMs = fault.delayMs ?? 0;
    if (fault.error === undefined) return;
    const error = new AwsError(
      fault.error,
      fault.message ?? `Injected fault ${fault.error}`,
      fault.status ?? 400,
    );
    throw Object.assign(error, { injected: true });
  }

  /** The delay a slow fault put on the answer just prepared (0 if none), and forgets it. */
  takeAnswerDelay(): number {
    const delay = this.answerDelayMs;
    this.answerDelayMs = 0;
    return delay;
  }

  newId(): string {
    return randomUUID();
  }
}
