import type { IConstruct } from 'constructs';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { CfnTemplate } from '../../local/template/cfn-yaml';
import { resolve } from '../../local/template/intrinsics';
import { REGION } from '../template/deployed';
import { settingsFor } from '../template/described';
import { bySid, DEPLOYMENTS, eachDetailType } from '../template/drift';
import { canonical, statementShape } from '../template/statement-shape';
import { functionView } from './function-view';
import { samTranslatedTemplate, samTranslatorVersion } from './sam-translated';
import { type SynthesizedPipewright, synthesizePipewright } from './synth';

/** Where the CDK constructs knowingly differ from SAM's translation of template.yaml. */
const XRAY_INLINE = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords']; // CDK's Tracing.ACTIVE grant
const XRAY_MANAGED = 'arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess'; // SAM's for Tracing: Active (adds sampling reads)

/** The functions of both templates: SAM logical id → the construct's function. */
const functionsOf = (synth: SynthesizedPipewright): [string, lambda.Function][] => [
  ['PipelineActionFunction', synth.actions.function],
  ['DeployHookFunction', synth.hook.function],
  ['NotifierFunction', synth.notifier.function],
  ['ChatDeliveryFunction', synth.notifier.chatDeliveryFunction],
];

/** CDK logical id → template.yaml's, for every resource both have. */
function samIds(synth: SynthesizedPipewright): Map<string, string> {
  const id = (construct: IConstruct) => synth.logicalId(construct as { node: { defaultChild?: unknown } });
  const pairs: [IConstruct | undefined, string][] = [
    [synth.notifier.topic, 'NotificationTopic'],
    [synth.notifier.notificationKey, 'NotificationKey'],
    [synth.notifier.failureQueueKey, 'FailureQueueKey'],
    [synth.notifier.eventsDeadLetterQueue, 'NotifierEventsDeadLetterQueue'],
    [synth.notifier.hubEventBus, 'HubEventBus'],
    ...functionsOf(synth).flatMap(([samId, fn]): [IConstruct, string][] => [
      [fn, samId],
      [fn.role!, `${samId}Role`],
      [fn.node.scope!.node.findChild('FailureQueue'), samId.replace(/Function$/, 'FailureQueue')],
    ]),
  ];
  return new Map(
    pairs.filter(([construct]) => construct).map(([construct, samId]) => [id(construct!), samId]),
  );
}

const describeIfTranslator = samTranslatorVersion ? describe : describe.skip;
const SETS = Object.entries(DEPLOYMENTS).slice(0, 2);

describeIfTranslator(
  `the CDK constructs and template.yaml after SAM translation (${samTranslatorVersion ?? 'samtranslator not installed: skipped'})`,
  () => {
    const translated = samTranslatedTemplate();

    describe.each(SETS)('with %s', (_, parameters) => {
      const synth = synthesizePipewright(settingsFor(parameters));
      const ids = samIds(synth);
      const pattern = new RegExp([...ids.keys()].join('|'), 'g');
      const at = (template: CfnTemplate) => (value: unknown) => {
        const resolved = resolve(
          { template, parameters, region: REGION, stackName: 'pipewright-dev' },
          value,
        );
        const text = JSON.stringify(resolved ?? null).replace(pattern, (cdkId) => ids.get(cdkId)!);
        return JSON.parse(text.replace(/arn:aws:kms:[^"]*?:key\/(\w+)/g, '$1')) as unknown;
      };
      const [sam, cdk] = [at(translated), at(synth.template)];
      const views = functionsOf(synth).map(([samId, fn]) => ({
        samId,
        sam: functionView(translated.Resources, samId),
        cdk: functionView(synth.template.Resources, synth.logicalId(fn)),
      }));

      it.each(views)(
        '$samId: same configuration, environment, retries, failure queue and log retention',
        (v) => {
          // A Number parameter (LogRetentionDays) resolves to its text: CloudFormation converts it.
          const comparable = (resolveIn: (value: unknown) => unknown, view: typeof v.sam) => ({
            ...(resolveIn({
              ...view.config,
              env: view.environment,
              invoke: view.asyncInvoke,
              queue: view.failureQueue,
            }) as object),
            logs: Number(resolveIn(view.logRetentionInDays)),
          });
          expect(comparable(cdk, v.cdk)).toEqual(comparable(sam, v.sam));
        },
      );

      it.each(views)(
        '$samId: same IAM actions and resources (X-Ray granted inline instead of a managed policy)',
        (v) => {
          const statements = (resolveIn: (value: unknown) => unknown, view: typeof v.sam) =>
            resolveIn(view.statements) as Record<string, unknown>[];
          const [samStatements, cdkStatements] = [statements(sam, v.sam), statements(cdk, v.cdk)];
          expect(bySid(cdkStatements.filter((s) => s.Sid))).toEqual(
            bySid(samStatements.filter((s) => s.Sid)),
          );
          const unnamed = (list: Record<string, unknown>[]) =>
            list
              .filter((s) => !s.Sid)
              .map(statementShape)
              .sort();
          const xray = statementShape({ Effect: 'Allow', Action: XRAY_INLINE, Resource: '*' });
          expect(unnamed(cdkStatements)).toEqual([...unnamed(samStatements), xray].sort());
          expect([...v.cdk.managedPolicies.map(cdk), XRAY_MANAGED].sort()).toEqual(
            v.sam.managedPolicies.map(sam).sort(),
          );
        },
      );

      it('encrypts the topic and the dead-letter queue with the same (rotated) keys, keeps dead letters as long', () => {
        const encryption = (
          template: CfnTemplate,
          resolveIn: (value: unknown) => unknown,
          id: (samId: string) => string,
        ) => {
          const props = (samId: string) => template.Resources[id(samId)]!.Properties!;
          const { KmsMasterKeyId, MessageRetentionPeriod } = props('NotifierEventsDeadLetterQueue');
          return resolveIn({
            topic: props('NotificationTopic').KmsMasterKeyId,
            deadLetters: { KmsMasterKeyId, MessageRetentionPeriod },
            rotation: ['NotificationKey', 'FailureQueueKey'].map((key) => props(key).EnableKeyRotation),
          });
        };
        const cdkId = (samId: string) => [...ids].find(([, name]) => name === samId)![0];
        expect(encryption(synth.template, cdk, cdkId)).toEqual(encryption(translated, sam, (samId) => samId));
      });

      it('invokes the notifier on the same event patterns, with the same retries and dead-letter queue', () => {
        const rules = (template: CfnTemplate, resolveIn: (value: unknown) => unknown) =>
          (Object.values(template.Resources) as { Type: string; Condition?: string; Properties?: unknown }[])
            // a rule under a condition (the hub's) only where it holds
            .filter(
              (r) =>
                r.Type === 'AWS::Events::Rule' &&
                (!r.Condition || resolveIn({ Condition: r.Condition }) === true),
            )
            .map(
              (r) =>
                resolveIn(r.Properties) as {
                  EventPattern: Record<string, unknown>;
                  Targets: Record<string, unknown>[];
                  EventBusName?: string;
                },
            )
            .filter((r) => r.Targets.some((t) => String(t.Arn).endsWith(':NotifierFunction')))
            .flatMap((r) => {
              const { RetryPolicy, DeadLetterConfig } = r.Targets[0]!;
              const patterns = (r.EventPattern.$or as Record<string, unknown>[] | undefined) ?? [
                r.EventPattern,
              ];
              return eachDetailType(patterns).map((p) =>
                canonical({ bus: r.EventBusName ?? 'default', p, RetryPolicy, DeadLetterConfig }),
              );
            })
            .sort();
        expect(rules(synth.template, cdk)).toEqual(rules(translated, sam));
      });
    });
  },
);
