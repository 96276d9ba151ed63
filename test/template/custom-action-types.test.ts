import type * as z from 'zod';
import type { PropertyKind } from '../../functions/job-worker/action-type';
import { actionTypeRegistry } from '../../functions/job-worker/action-types/registry';
import { declaredTypes } from '../../functions/job-worker/declared';
import { taskRegistry } from '../../functions/pipeline-action/tasks/registry';
import path from 'node:path';
import { customActionProblems } from '../docs/check-custom-actions';
import { deploy } from './deployed';
import { loadTemplate, projectRoot } from './project';

const stack = deploy();
const { template } = stack;
const resources = template.Resources;
const worker = resources.JobWorkerFunction!.Properties!;
const workerEnv = (worker.Environment as { Variables: Record<string, unknown> }).Variables;

/** AWS's limits on a custom action type. */
const LIMITS = { properties: 10, providerChars: 35, descriptionChars: 160, artifacts: 5 };

/** The CodePipeline property type of each kind: the console checks numbers and offers booleans as such. */
const TYPE_OF: Record<PropertyKind, string> = {
  text: 'String',
  number: 'Number',
  boolean: 'Boolean',
  list: 'String',
  numbers: 'String',
  json: 'String',
  options: 'String',
};

interface TemplateProperty {
  Name: string;
  Description: string;
  Type: string;
  Required: boolean;
  Secret: boolean;
  Key: boolean;
  Queryable: boolean;
}

const templateTypes = Object.entries(resources).filter(
  ([, r]) => r.Type === 'AWS::CodePipeline::CustomActionType',
);

/** The template's type of a stage and provider, resolved as CloudFormation would. */
function typeWithProvider(provider: string, stage = 'dev') {
  const deployment = deploy({ parameters: { Stage: stage } });
  return templateTypes.find(([, r]) => deployment.resolve(r.Properties?.Provider) === provider)?.[1];
}

/** The keys of a task's parameters, and whether each must be set. */
function parameterKeys(params: z.ZodType): Map<string, boolean> {
  const shape = (params as unknown as z.ZodObject).shape;
  return new Map(Object.entries(shape).map(([key, schema]) => [key, !schema.safeParse(undefined).success]));
}

describe('the custom action types', () => {
  it('are one per task of the task registry: a task without its type fails the build', () => {
    expect(actionTypeRegistry.map((type) => type.task)).toEqual([...taskRegistry.values()]);
    expect(templateTypes).toHaveLength(taskRegistry.size);
  });

  describe.each(declaredTypes(actionTypeRegistry, { providerPrefix: 'Pipewright-dev-', version: '1' }))(
    '$id.provider',
    ({ id, definition }) => {
      const resource = typeWithProvider(id.provider)!;
      const props = resource?.Properties ?? {};
      const properties = (props.ConfigurationProperties ?? []) as TemplateProperty[];
      const keys = parameterKeys(definition.task.params);

      it('is declared in template.yaml with its category, the stack version and its artifact counts', () => {
        expect(resource).toBeDefined();
        expect(props.Category).toBe(id.category);
        expect(props.Version).toEqual({ Ref: 'CustomActionVersion' });
        expect(props.InputArtifactDetails).toEqual({
          MinimumCount: definition.inputArtifacts?.minimum ?? 0,
          MaximumCount: definition.inputArtifacts?.maximum ?? 0,
        });
        expect(props.OutputArtifactDetails).toEqual({ MinimumCount: 0, MaximumCount: 0 });
      });

      it('names the stage in its provider, within 35 characters for every stage', () => {
        for (const stage of stack.template.Parameters!.Stage!.AllowedValues as string[]) {
          const provider = declaredTypes([definition], { providerPrefix: `Pipewright-${stage}-` })[0]!.id
            .provider;
          expect(typeWithProvider(provider, stage)).toBe(resource);
          expect(provider.length).toBeLessThanOrEqual(LIMITS.providerChars);
        }
      });

      it("declares the definition's properties, typed by their kind, none queryable, within AWS's limits", () => {
        expect(properties.length).toBeLessThanOrEqual(LIMITS.properties);
        expect(properties).toEqual(
          definition.properties.map((p) => ({
            Name: p.name,
            Description: expect.any(String),
            Type: TYPE_OF[p.kind],
            Required: p.required ?? false,
            Secret: p.secret ?? false,
            Key: false,
            Queryable: false, // a queryable property would have to be given to every PollForJobs
          })),
        );
        for (const p of properties) expect(p.Description.length).toBeLessThanOrEqual(LIMITS.descriptionChars);
      });

      it('covers every parameter of the task: a property of its own, or a key of options; Required exactly when the task requires it', () => {
        const own = definition.properties.filter((p) => p.kind !== 'options');
        for (const p of own)
          expect(`${p.name}: ${keys.get(p.name) ?? 'not a parameter'}`).toBe(
            `${p.name}: ${p.required ?? false}`,
          );
        const hasOptions = definition.properties.some((p) => p.kind === 'options');
        const uncovered = [...keys.keys()].filter((key) => !own.some((p) => p.name === key));
        expect(hasOptions ? uncovered.filter((key) => keys.get(key)) : uncovered).toEqual([]);
      });

      it("links to the worker's log group, and to its lines of the job", () => {
        const settings = stack.resolve(props.Settings) as Record<string, string>;
        const group = String(stack.resolve(resources.JobWorkerLogGroup!.Properties!.LogGroupName));
        const encoded = group.replaceAll('/', '$252F');
        expect(settings.EntityUrlTemplate).toMatch(
          new RegExp(`/log-group/${encoded.replaceAll('$', '\\$')}$`),
        );
        expect(settings.ExecutionUrlTemplate).toBe(
          `${settings.EntityUrlTemplate}/log-events$3FfilterPattern$3D$2522{ExternalExecutionId}$2522`,
        );
      });
    },
  );

  it('are the types the worker polls: its provider prefix and version are those of the types', () => {
    expect(workerEnv.PIPEWRIGHT_ACTION_PROVIDER_PREFIX).toEqual({ 'Fn::Sub': 'Pipewright-${Stage}-' });
    expect(workerEnv.PIPEWRIGHT_ACTION_VERSION).toEqual({ Ref: 'CustomActionVersion' });
  });

  it('start the worker when an action of theirs starts, and a sweep every minute', () => {
    const events = worker.Events as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    const rules = Object.values(events).filter((e) => e.Type === 'EventBridgeRule');
    expect(rules.map((rule) => rule.Properties.Pattern)).toEqual([
      {
        source: ['aws.codepipeline'],
        'detail-type': ['CodePipeline Action Execution State Change'],
        detail: {
          state: ['STARTED'],
          type: {
            owner: ['Custom'],
            provider: [{ prefix: workerEnv.PIPEWRIGHT_ACTION_PROVIDER_PREFIX }],
            version: [workerEnv.PIPEWRIGHT_ACTION_VERSION],
          },
        },
      },
    ]);
    const schedules = Object.values(events).filter((e) => e.Type === 'Schedule');
    expect(schedules.map((schedule) => schedule.Properties.Schedule)).toEqual(['rate(1 minute)']);
  });

  it('are what the example pipeline configures, with properties the types declare and values the tasks take', () => {
    const example = loadTemplate(path.join(projectRoot, 'examples', 'pipeline', 'custom-actions.yaml'));
    const custom = JSON.stringify(example.Resources).match(/"Owner":"Custom"/g) ?? [];
    expect(custom).toHaveLength(6);
    expect(customActionProblems(example.Resources, 'example', example.Parameters)).toEqual([]);
  });

  it('(the example check) names a property a type does not declare, and a value its task refuses', () => {
    const action = (configuration: Record<string, string>) => ({
      Name: 'NoAlarms',
      ActionTypeId: {
        Category: 'Invoke',
        Owner: 'Custom',
        Provider: 'Pipewright-dev-AlarmGate',
        Version: '1',
      },
      Configuration: configuration,
    });
    expect(customActionProblems(action({ alarm: 'a' }), 'x')).toEqual([
      'x: action NoAlarms: Pipewright-dev-AlarmGate has no property alarm',
    ]);
    expect(customActionProblems(action({ alarms: 'a', alarmPrefix: 'b' }), 'x')).toEqual([
      'x: action NoAlarms: configuration: set exactly one of "alarms" (a list of names) or "alarmPrefix"',
    ]);
  });
});
