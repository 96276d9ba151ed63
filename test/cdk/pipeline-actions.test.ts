import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { ProduceActionOptions } from 'aws-cdk-lib/pipelines';
import { PipewrightPipelineActions, type TaskName, type TaskParameters } from '../../cdk';
import { readTaskRequest } from '../../functions/pipeline-action/job/task-selection';
import { taskRegistry } from '../../functions/pipeline-action/tasks/registry';

/** Parameters of every task, as a CDK app would write them (a record of all TaskNames: none can be left out). */
const EXAMPLES: { [T in TaskName]: TaskParameters[T] } = {
  'http-check': { url: 'https://api.example.com/health', expectStatus: [200], attempts: 6 },
  'change-calendar-gate': { calendar: 'prod-freeze', waitMinutes: 30 },
  'alarm-gate': { alarms: ['orders-5xx'] },
  'load-parameters': { path: '/app/prod/' },
  'run-automation': { document: 'AWS-RestartEC2Instance', parameters: { InstanceId: ['i-0abc'] } },
};

/** A pipeline with a source stage and a stage `Checks` to add actions to. */
function pipelineWith(add: (stage: codepipeline.IStage, pipewright: PipewrightPipelineActions) => void) {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Pipeline');
  const pipewright = new PipewrightPipelineActions(stack, 'Pipewright');
  const source = new codepipeline.Artifact('Source');
  const pipeline = new codepipeline.Pipeline(stack, 'Pipeline', { crossAccountKeys: false });
  pipeline.addStage({
    stageName: 'Source',
    actions: [
      new actions.S3SourceAction({
        actionName: 'Source',
        bucket: new s3.Bucket(stack, 'B'),
        bucketKey: 'src.zip',
        output: source,
      }),
    ],
  });
  add(pipeline.addStage({ stageName: 'Checks' }), pipewright);
  const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::CodePipeline::Pipeline'));
  const stages = resource!.Properties.Stages as {
    Actions: { Name: string; RunOrder?: number; Configuration?: { UserParameters?: string } }[];
  }[];
  return stages[1]!.Actions;
}

describe('PipewrightPipelineActions', () => {
  it('has typed parameters for every task the pipeline action runs', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...taskRegistry.keys()].sort());
  });

  it.each(Object.entries(EXAMPLES))(
    'returns the %s invoke action whose UserParameters the function accepts',
    (task, parameters) => {
      const [action] = pipelineWith((stage, pipewright) =>
        stage.addAction(pipewright.action(task as TaskName, parameters as never)),
      );
      const request = readTaskRequest(action!.Configuration!.UserParameters, taskRegistry);
      expect({ task: request.taskName, error: request.error?.message }).toEqual({ task, error: undefined });
    },
  );

  it('names the action after the task unless told otherwise', () => {
    const named = pipelineWith((stage, pipewright) => {
      stage.addAction(pipewright.alarmGate({ alarmPrefix: 'orders-' }));
      stage.addAction(
        pipewright.httpCheck({ url: 'https://a.example.com/' }, { actionName: 'Smoke', runOrder: 2 }),
      );
    });
    expect(named.map((a) => [a.Name, a.RunOrder])).toEqual([
      ['AlarmGate', 1],
      ['Smoke', 2],
    ]);
  });

  it('refuses at synth the parameters the function would refuse, with its message', () => {
    const both = { url: 'https://a.example.com/', urlFrom: { artifact: 'Build', file: 'outputs.json' } };
    expect(() => pipelineWith((stage, pipewright) => stage.addAction(pipewright.httpCheck(both)))).toThrow(
      'pipewright http-check action: UserParameters: set exactly one of "url" or "urlFrom"',
    );
  });

  it('leaves parameters holding a CodePipeline variable to the function (the pipeline resolves them)', () => {
    const [action] = pipelineWith((stage, pipewright) =>
      stage.addAction(pipewright.httpCheck({ url: '#{Deploy.ApiUrl}' })),
    );
    expect(JSON.parse(action!.Configuration!.UserParameters!)).toEqual({
      task: 'http-check',
      url: '#{Deploy.ApiUrl}',
    });
  });

  it('makes a CDK Pipelines step that adds the invoke action in the run order it is given', () => {
    const [action] = pipelineWith((stage, pipewright) => {
      const step = pipewright.step('SmokeTest', 'http-check', { url: 'https://api.example.com/health' });
      const consumed = step.produceAction(stage, {
        actionName: 'SmokeTest',
        runOrder: 3,
      } as ProduceActionOptions);
      expect(consumed).toEqual({ runOrdersConsumed: 1 });
    });
    expect(action).toMatchObject({
      Name: 'SmokeTest',
      RunOrder: 3,
      Configuration: { UserParameters: '{"task":"http-check","url":"https://api.example.com/health"}' },
    });
  });

  it('types the parameters with the task schemas: a wrong one does not compile', () => {
    const typeChecks = (pipewright: PipewrightPipelineActions) => [
      // @ts-expect-error a misspelt parameter
      pipewright.httpCheck({ url: 'https://a.example.com/', attemps: 3 }),
      // @ts-expect-error attempts is a number
      pipewright.httpCheck({ url: 'https://a.example.com/', attempts: '3' }),
      // @ts-expect-error load-parameters needs a path
      pipewright.loadParameters({ recursive: true }),
      // @ts-expect-error namespaceKeys is 'relative' or 'last'
      pipewright.action('load-parameters', { path: '/app/', namespaceKeys: 'first' }),
    ];
    expect(typeChecks).toBeInstanceOf(Function); // checked by tsc --noEmit (npm test), never run
  });
});
