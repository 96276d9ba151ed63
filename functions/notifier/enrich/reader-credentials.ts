import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { lazyClient } from '../../lib/clients';
import { PipewrightError, describeError } from '../../lib/errors';
import { settingDefaults, stringSetting } from '../../lib/settings';

/** Temporary credentials of the reader role of one account. */
export interface ReaderCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** Credentials are renewed this long before they expire (the SDK's own margin for temporary credentials). */
const RENEW_BEFORE_MS = 5 * 60_000;

/** A failed AssumeRole is remembered this long: a burst of events of that account makes one call, not one each. */
const FAILURE_MEMORY_MS = 60_000;

/** The STS client of the execution environment (the function's own region and credentials; one retry, as enrichment's). */
const sts = lazyClient(STSClient, { requestTimeoutMs: 5_000, config: { maxAttempts: 2 } });

interface Entry {
  credentials: Promise<ReaderCredentials>;
  /** Epoch ms until which `credentials` is used as it is (`Infinity` while the call runs). */
  until: number;
}

/** One entry per account, for the life of the execution environment. */
const cache = new Map<string, Entry>();

/**
 * The role the notifier assumes in `account`: `arn:<partition>:iam::<account>:role/<ReaderRoleName>`,
 * the name from `PIPEWRIGHT_READER_ROLE_NAME` (default: `pipewright-reader`).
 */
function readerRoleArn(account: string, partition: string): string {
  const name = stringSetting(undefined, 'PIPEWRIGHT_READER_ROLE_NAME', settingDefaults.readerRoleName);
  return `arn:${partition}:iam::${account}:role/${name}`;
}

async function assume(roleArn: string): Promise<ReaderCredentials> {
  const externalId = stringSetting(undefined, 'PIPEWRIGHT_READER_EXTERNAL_ID', '') || undefined;
  try {
    const { Credentials: c } = await sts().send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: (process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'pipewright-notifier').slice(0, 64),
        ExternalId: externalId,
      }),
    );
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration)
      throw new PipewrightError('STS answered without credentials');
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
  } catch (error) {
    // Only what STS said: the error never holds credentials.
    throw new PipewrightError(`could not assume ${roleArn} (${describeError(error)})`, { cause: error });
  }
}

const aborted = (error: unknown) =>
  error instanceof PipewrightError &&
  ['AbortError', 'DeadlineExceededError'].includes((error.cause as Error | undefined)?.name ?? '');

/**
 * The credentials of the reader role of `account` (`arn:<partition>:iam::<account>:role/<ReaderRoleName>`), assumed with STS
 * `AssumeRole` (external id from `PIPEWRIGHT_READER_EXTERNAL_ID` when set) and cached in the execution
 * environment until 5 minutes before they expire: one call per account per credential lifetime. A
 * refusal is remembered for a minute (the same error, without a call), so that a burst of events of an
 * account whose role cannot be assumed does not become a burst of STS calls. The error says which role
 * could not be assumed and why, in one line.
 *
 * @example
 * ```ts
 * const credentials = await readerCredentials('210987654321', 'aws');
 * new CodePipelineClient({ region: 'us-east-1', credentials: () => readerCredentials('210987654321', 'aws') });
 * ```
 */
export function readerCredentials(account: string, partition: string): Promise<ReaderCredentials> {
  const roleArn = readerRoleArn(account, partition);
  const cached = cache.get(roleArn);
  if (cached && Date.now() < cached.until) return cached.credentials;
  const entry: Entry = { credentials: assume(roleArn), until: Number.POSITIVE_INFINITY };
  cache.set(roleArn, entry);
  entry.credentials.then(
    (credentials) => (entry.until = credentials.expiration.getTime() - RENEW_BEFORE_MS),
    // A call cut short by the deadline says nothing about the role: the next event tries again.
    (error: unknown) => (entry.until = aborted(error) ? 0 : Date.now() + FAILURE_MEMORY_MS),
  );
  return entry.credentials;
}

/** Forgets every cached credential and refusal (tests). */
export function clearReaderCredentials(): void {
  cache.clear();
}
