import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { functionDescriptions } from '../../cdk/description';
import { buildFunction } from '../template/bundle';
import { loadTemplate, projectRoot } from '../template/project';
import { cfnLint, cfnLintVersion } from './cfn-lint';

interface Resource {
  Type: string;
  Properties: { Description?: string; Code?: { S3Key: string }; Stages?: Stage[]; Protocol?: string };
  UpdatePolicy?: { CodeDeployLambdaAliasUpdate: Record<string, unknown> };
}
type Stage = {
  Actions: { Name: string; ActionTypeId: unknown; Configuration: { UserParameters?: string } }[];
};
type Template = { Resources: Record<string, Resource> };

/** Runs examples/cdk/app.ts the way `cdk synth` does (the app writes its cloud assembly to CDK_OUTDIR). */
function synthesizeExample(outdir: string): void {
  const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx');
  execFileSync(tsx, ['app.ts'], {
    cwd: path.join(projectRoot, 'examples', 'cdk'),
    env: { ...process.env, CDK_OUTDIR: outdir },
    stdio: 'pipe',
  });
}

describe('the example CDK app (examples/cdk)', () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'pipewright-cdk-'));
  const files = {
    pipeline: 'OrdersPipeline.template.json',
    orders: 'assembly-OrdersPipeline-Prod/OrdersPipelineProdOrdersE47C4673.template.json',
  };
  let pipeline: Template;
  let orders: Template;
  const resourcesOf = (template: Template, type: string) =>
    Object.entries(template.Resources).filter(([, r]) => r.Type === type);

  beforeAll(() => {
    synthesizeExample(outdir);
    const read = (file: string) => JSON.parse(readFileSync(path.join(outdir, file), 'utf8')) as Template;
    pipeline = read(files.pipeline);
    orders = read(files.orders);
  }, 120_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('synthesizes without an AWS account: a CDK Pipelines pipeline smoke-testing the stage with an http-check', () => {
    const [[, resource]] = resourcesOf(pipeline, 'AWS::CodePipeline::Pipeline') as [[string, Resource]];
    const actions = resource.Properties.Stages!.flatMap((s) => s.Actions);
    const smoke = actions.find((a) => a.Name === 'SmokeTest');
    expect(smoke?.ActionTypeId).toEqual({
      Category: 'Invoke',
      Owner: 'AWS',
      Provider: 'Lambda',
      Version: '1',
    });
    expect(JSON.parse(smoke?.Configuration.UserParameters ?? '')).toEqual({
      task: 'http-check',
      url: 'https://orders.example.com/health',
      expectStatus: [200],
      expectJson: { path: 'status', equals: 'ok' },
      attempts: 6,
    });
  });

  it('runs the deploy hook before CodeDeploy shifts traffic to the new version', () => {
    const [[, alias]] = resourcesOf(orders, 'AWS::Lambda::Alias') as [
      [string, Template['Resources'][string]],
    ];
    const hook = resourcesOf(orders, 'AWS::Lambda::Function').find(([, f]) =>
      f.Properties.Description?.startsWith('CodeDeploy'),
    );
    expect(alias.UpdatePolicy?.CodeDeployLambdaAliasUpdate.BeforeAllowTrafficHook).toEqual({
      Ref: hook?.[0],
    });
  });

  it('notifies on the pipeline’s failures: the notifier’s rules and its topic', () => {
    expect(resourcesOf(pipeline, 'AWS::Events::Rule')).toHaveLength(5);
    expect(
      resourcesOf(pipeline, 'AWS::SNS::Subscription')
        .map(([, s]) => s.Properties.Protocol)
        .sort(),
    ).toEqual(['email', 'lambda']);
  });

  it('bundles each function with the local esbuild exactly as sam build does', async () => {
    const template = loadTemplate();
    const functions = [
      ...resourcesOf(pipeline, 'AWS::Lambda::Function'),
      ...resourcesOf(orders, 'AWS::Lambda::Function'),
    ];
    const bundles = functions.flatMap(([, fn]) => {
      const d = functionDescriptions.find((candidate) => candidate.description === fn.Properties.Description);
      const asset = String(fn.Properties.Code?.S3Key).replace(/\.zip$/, '');
      return d
        ? [{ id: d.logicalId, code: readFileSync(path.join(outdir, `asset.${asset}`, 'index.js'), 'utf8') }]
        : [];
    });
    expect(bundles.map((b) => b.id).sort()).toEqual([
      'ChatDeliveryFunction',
      'DeployHookFunction',
      'NotifierFunction',
      'PipelineActionFunction',
    ]);
    for (const bundle of bundles) {
      expect({
        id: bundle.id,
        same: bundle.code === (await buildFunction(template, bundle.id)).code,
      }).toEqual({ id: bundle.id, same: true });
    }
  }, 60_000);

  (cfnLintVersion ? it : it.skip)(
    `lints clean with cfn-lint (${cfnLintVersion ?? 'not installed'}), CDK’s own findings aside`,
    () => {
      expect(cfnLint(Object.values(files).map((file) => path.join(outdir, file)))).toBe('');
    },
  );
});
