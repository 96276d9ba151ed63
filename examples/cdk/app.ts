import { App } from 'aws-cdk-lib';
import { PipelineStack } from './pipeline-stack';

/**
 * The example CDK app (README "Use it from CDK"): `npx cdk synth` here, or `npx tsx app.ts` to write the
 * cloud assembly to cdk.out (or to CDK_OUTDIR) without the CDK CLI. No AWS account is needed to synthesize.
 */
const app = new App();
new PipelineStack(app, 'OrdersPipeline', { env: { account: '111111111111', region: 'eu-west-1' } });
app.synth();
