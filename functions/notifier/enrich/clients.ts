import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { lazyClient } from '../../lib/clients';

/** CodePipeline client of the enrichers (short timeouts: enrichment is optional). */
export const codepipeline = lazyClient(CodePipelineClient, { requestTimeoutMs: 5_000 });

/** CodeDeploy client of the enrichers. */
export const codedeploy = lazyClient(CodeDeployClient, { requestTimeoutMs: 5_000 });
