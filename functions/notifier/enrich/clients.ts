import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { awsClient } from '../../lib/clients';
import { PipewrightError } from '../../lib/errors';
import { regionPartition } from '../links';
import { regionName } from '../sources/tolerant';
import { type ReaderCredentials, readerCredentials } from './reader-credentials';

/** The clients enrichers call, bound to the account and region of one event. */
export interface EnrichmentClients {
  codepipeline: CodePipelineClient;
  codedeploy: CodeDeployClient;
}

/** Where an event's resources are: its account and region. */
export interface EventPlace {
  account: string;
  region: string;
}

/**
 * Attempts of one enrichment call: one retry. Enrichment is optional — a call that still fails leaves
 * its part out (and a throttled one stops the event's enrichment, see `enrich`), rather than five
 * attempts (`AWS_MAX_ATTEMPTS`) per call of every event of a burst against a throttled API.
 */
export const ENRICHMENT_ATTEMPTS = 2;

/** One pair of clients per account and region, for the life of the execution environment. */
const made = new Map<string, EnrichmentClients>();

/** The event's region; the SDK's default (the function's own) when the event's reads as unknown. */
const regionOf = (place: EventPlace) =>
  regionName.safeParse(place.region).success ? place.region : undefined;

function clients(
  key: string,
  region: string | undefined,
  credentials?: () => Promise<ReaderCredentials>,
): EnrichmentClients {
  let pair = made.get(key);
  if (!pair) {
    // Short timeouts: enrichment is optional. The region is the event's (never a default), the endpoint the SDK's own resolution.
    const config = { region, credentials, maxAttempts: ENRICHMENT_ATTEMPTS };
    pair = {
      codepipeline: awsClient(CodePipelineClient, { requestTimeoutMs: 5_000, config }),
      codedeploy: awsClient(CodeDeployClient, { requestTimeoutMs: 5_000, config }),
    };
    made.set(key, pair);
  }
  return pair;
}

/**
 * The clients that read an event's resources: in the event's region, with the function's own
 * credentials when the event is of `home` (the account the notifier runs in), else with the
 * credentials of that account's reader role (`readerCredentials`: assumed with STS, cached). The
 * notifier never reads another account's resources with its own credentials: when the role cannot be
 * assumed this throws, saying which role and why in one line, and the event is not enriched.
 *
 * @param home the notifier's own account (from the Lambda context); unknown outside Lambda, where
 *   every event is taken as the notifier's own
 * @example
 * ```ts
 * const { codepipeline } = await enrichmentClients({ account: '210987654321', region: 'us-east-1' }, '123456789012');
 * await codepipeline.send(new ListPipelineExecutionsCommand({ pipelineName: 'orders-prod' }));
 * ```
 */
export async function enrichmentClients(
  place: EventPlace,
  home: string | undefined,
): Promise<EnrichmentClients> {
  const region = regionOf(place);
  if (home === undefined || place.account === home) return clients(`home:${region}`, region);
  if (!/^\d{12}$/.test(place.account))
    throw new PipewrightError('the event does not name its account, so no role can be assumed to read it');
  const { partition } = regionPartition(region ?? process.env.AWS_REGION ?? '');
  await readerCredentials(place.account, partition);
  // The SDK asks again when the credentials near their expiry: the cache renews them.
  return clients(`${place.account}:${region}`, region, () => readerCredentials(place.account, partition));
}
