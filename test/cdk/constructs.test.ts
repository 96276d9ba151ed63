import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { FunctionDescription } from '../../cdk/description/function-description';
import { chatDelivery } from '../../cdk/description/chat-delivery';
import { deployHook } from '../../cdk/description/deploy-hook';
import { notifier } from '../../cdk/description/notifier';
import { pipelineAction } from '../../cdk/description/pipeline-action';
import { settingDefaults, type Settings } from '../../cdk/description/settings';
import { functionEnvironment, sharedFunctionProps as shared } from '../../cdk/description/shared';
import { bySid, DEPLOYMENTS, differences } from '../template/drift';
import { templateStatement } from '../template/statement-shape';
import { deploymentScope, settingsFor } from '../template/described';
import { cfnLint, cfnLintVersion } from './cfn-lint';
import { synthesizePipewright } from './synth';
import { synthesizedFunction } from './synthesized-function';

/** The template tests' parameter sets, as construct props. */
const SETTINGS: [string, Settings][] = Object.entries(DEPLOYMENTS).map(([name, p]) => [name, settingsFor(p)]);

describe.each(SETTINGS)('the pipewright constructs, with %s', (_, settings) => {
  const synth = synthesizePipewright(settings);
  const built: { name: string; d: FunctionDescription; fn: lambda.Function }[] = [
    { name: pipelineAction.logicalId, d: pipelineAction, fn: synth.actions.function },
    { name: deployHook.logicalId, d: deployHook, fn: synth.hook.function },
    { name: notifier.logicalId, d: notifier, fn: synth.notifier.function },
    { name: chatDelivery.logicalId, d: chatDelivery, fn: synth.notifier.chatDeliveryFunction },
  ];
  const scope = deploymentScope(synth, settings, synth.resourceIds);

  it.each(built)(
    'build $name from its description (runtime, handler, memory, timeout, tracing, logs)',
    ({ d, fn }) => {
      const { properties, asyncInvoke } = synthesizedFunction(synth, fn);
      expect(properties).toMatchObject({
        Description: d.description,
        Handler: shared.handler,
        Runtime: shared.runtime,
        Architectures: [shared.architecture],
        MemorySize: shared.memoryMb,
        Timeout: d.timeoutSeconds,
        TracingConfig: { Mode: shared.tracing },
        LoggingConfig: { LogFormat: shared.logFormat },
      });
      expect(asyncInvoke).toMatchObject({
        MaximumRetryAttempts: shared.asyncInvoke.retryAttempts,
        MaximumEventAgeInSeconds: shared.asyncInvoke.maxEventAgeSeconds,
        DestinationConfig: { OnFailure: { Destination: expect.stringContaining(':sqs:') } },
      });
    },
  );

  it.each(built)('give $name the described environment', ({ d, fn }) => {
    const { environment } = synthesizedFunction(synth, fn);
    expect(differences('variable', environment, functionEnvironment(d, scope), 'the construct')).toEqual([]);
  });

  it.each(built)('grant $name the described statements, and only Lambda’s own besides', ({ d, fn }) => {
    const { statements } = synthesizedFunction(synth, fn);
    const described = bySid(d.statements(scope).map(templateStatement));
    const named = bySid(statements.filter((s) => s.Sid !== undefined));
    expect(differences('statement', named, described, 'the construct')).toEqual([]);
    // Unnamed: X-Ray tracing and the failure record, as SAM grants them.
    expect(statements.filter((s) => s.Sid === undefined).map((s) => s.Action)).toEqual([
      ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
      'sqs:SendMessage',
    ]);
  });

  (cfnLintVersion ? it : it.skip)(`lint clean with cfn-lint (${cfnLintVersion ?? 'not installed'})`, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pipewright-cdk-'));
    const file = path.join(dir, 'pipewright.template.json');
    writeFileSync(file, JSON.stringify(synth.template));
    try {
      expect(cfnLint([file])).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the pipewright constructs', () => {
  const synth = synthesizePipewright();
  const template = Template.fromJSON(synth.template);

  it('encrypt every queue with the shared failure queue key, TLS only, kept failureRetentionDays', () => {
    const days = Duration.days(settingDefaults.failureRetentionDays).toSeconds();
    const key = { 'Fn::GetAtt': [synth.logicalId(synth.notifier.failureQueueKey), 'Arn'] };
    expect(Object.keys(template.findResources('AWS::SQS::Queue'))).toHaveLength(5); // 4 failure queues, 1 dead-letter queue
    template.allResourcesProperties('AWS::SQS::Queue', { KmsMasterKeyId: key, MessageRetentionPeriod: days });
    template.allResourcesProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('keep every function’s logs logRetentionDays, in a log group deleted with the stack', () => {
    template.resourceCountIs('AWS::Logs::LogGroup', 4);
    template.allResourcesProperties('AWS::Logs::LogGroup', {
      RetentionInDays: settingDefaults.logRetentionDays,
    });
    template.allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
  });
});
