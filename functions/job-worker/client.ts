import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { lazyClient } from '../lib/clients';

/**
 * The CodePipeline client that polls for and acknowledges jobs. Results are reported through the job
 * runner's own client, so that throttled polls never slow down (adaptive retry) a report.
 */
export const jobsClient = lazyClient(CodePipelineClient);
