import { randomUUID } from 'node:crypto';
import { assumedAccount } from './accounts';
import { JobQueue } from './job-queue';
import type { EndpointState, StateFault } from './state-schema';

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
  /** Region the request was signed for (SigV4 credential scope `<id>/<date>/<region>/…`). */
  region?: string;
}

/** An injected answer the protocol cannot parse (a fault with `malformed: true`). */
export class MalformedAnswer extends Error {
  readonly injected = true;
  constructor() {
    super('Injected malformed answer');
    this.name = 'MalformedAnswer';
  }
}

/** A request exactly as received (headers, URL and body unredacted), for tests that look for leaked secrets. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
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

/** A message a chat webhook stand-in took (`local/endpoint/chat-webhooks.ts`). */
export interface PostedMessage {
  /** `Slack`, `Microsoft Teams`, `Google Chat`. */
  platform: string;
  /** The JSON body as posted. */
  body: string;
}

/** The endpoint's live state: the seed plus what calls changed (reported jobs, hooks, executions). */
export class World {
  readonly calls: CallRecord[] = [];
  /** Every request as received, unredacted (never printed: only tests read it). */
  readonly requests: ReceivedRequest[] = [];
  readonly published: PublishedMessage[] = [];
  /** Messages the chat webhook stand-ins took. */
  readonly posted: PostedMessage[] = [];
  /** `http://127.0.0.1:<port>` once the endpoint listens: what `{{endpoint}}` in a seeded parameter value becomes. */
  url = '';
  readonly completedJobs: Set<string>;
  readonly completedHooks = new Set<string>();
  /** Custom action jobs: the seeded ones waiting for a worker, and what workers did with them. */
  readonly jobs: JobQueue;
  readonly automations = new Map<
    string,
    { document: string; polls: number; startedAt: Date; parameters: unknown }
  >();
  private readonly faultUses = new Map<StateFault, number>();
  private readonly delayUses = new Map<StateFault, number>();

  /** Forgets what calls changed (reported and polled jobs, hooks, executions, fault counts); keeps the call record. */
  reset(): void {
    this.completedJobs.clear();
    for (const id of this.state.codepipeline?.completedJobs ?? []) this.completedJobs.add(id);
    this.completedHooks.clear();
    this.jobs.reset();
    this.automations.clear();
    this.faultUses.clear();
    this.delayUses.clear();
  }

  constructor(
    readonly state: EndpointState,
    readonly region: string,
  ) {
    this.completedJobs = new Set(state.codepipeline?.completedJobs ?? []);
    this.jobs = new JobQueue(() => state.codepipeline?.jobs ?? []);
  }

  /** The fault of `service:operation` with `pick` set that still applies (counted as used), if any. */
  private takeFault(
    service: string,
    operations: string[],
    pick: (fault: StateFault) => boolean,
    uses: Map<StateFault, number>,
  ): StateFault | undefined {
    const names = operations.map((operation) => `${service}:${operation}`.toLowerCase());
    const fault = (this.state.faults ?? []).find((f) => pick(f) && names.includes(f.operation.toLowerCase()));
    if (!fault) return undefined;
    const used = uses.get(fault) ?? 0;
    if (used >= (fault.times ?? Number.POSITIVE_INFINITY)) return undefined;
    uses.set(fault, used + 1);
    return fault;
  }

  /** Milliseconds to wait before handling a call of `service:operation` (0 without a slow fault). */
  takeDelay(service: string, operations: string[]): number {
    return this.takeFault(service, operations, (f) => f.delayMs !== undefined, this.delayUses)?.delayMs ?? 0;
  }

  /** Throws the injected fault of `service:operation` if one still applies. */
  injectFault(service: string, operations: string[]): void {
    const fault = this.takeFault(
      service,
      operations,
      (f) => f.error !== undefined || f.malformed === true,
      this.faultUses,
    );
    if (fault?.malformed) throw new MalformedAnswer();
    if (!fault?.error) return;
    const error = new AwsError(
      fault.error,
      fault.message ?? `Injected fault ${fault.error}`,
      fault.status ?? 400,
    );
    throw Object.assign(error, { injected: true });
  }

  newId(): string {
    return randomUUID();
  }

  /**
   * The account a call signed with `accessKeyId` is made as, and the part of the seed it reads: the
   * top level for this account's own credentials, `accounts.<id>` for a role assumed there.
   */
  caller(accessKeyId: string | undefined): { account: string; state: EndpointState } {
    const account = assumedAccount(accessKeyId);
    if (!account) return { account: ACCOUNT_ID, state: this.state };
    return { account, state: this.state.accounts?.[account] ?? {} };
  }
}
