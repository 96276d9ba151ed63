import type * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { pipelineAction } from '../description/pipeline-action';
import type { Settings } from '../description/settings';
import { anyAboveZero, pipewrightMetric } from '../function/alarms';
import { PipewrightFunction } from '../function/pipewright-function';
import {
  type AlarmedProps,
  failureQueueKeyOf,
  type PipewrightBaseProps,
  resolveSettings,
} from '../function/props';
import { stackScope } from '../function/stack-scope';
import { PipewrightActionStep } from './action-step';
import { type TaskName, type TaskParameters, userParameters } from './task-parameters';

/** Props of {@link PipewrightPipelineActions}. */
export interface PipewrightPipelineActionsProps
  extends
    PipewrightBaseProps,
    AlarmedProps,
    Partial<Pick<Settings, 'exportableParameterPath' | 'automationAssumeRoleArn'>> {}

/** How a task's Lambda invoke action sits in its stage. */
export interface TaskActionOptions {
  /**
   * The action's name, unique in its stage. (default: the task's name in PascalCase, e.g. `HttpCheck`)
   *
   * @example 'SmokeTestApi'
   */
  readonly actionName?: string;
  /**
   * Actions of a stage with the same run order run in parallel. (default: `1`)
   *
   * @example 2
   */
  readonly runOrder?: number;
  /**
   * Input artifacts: an http-check's `urlFrom.artifact` names one of them. (default: none)
   *
   * @example [buildOutput]
   */
  readonly inputs?: codepipeline.Artifact[];
  /**
   * Namespace of the task's output variables, e.g. `#{Smoke.HttpStatus}`. (default: one CDK names when
   * the action's `variable()` is used)
   *
   * @example 'Smoke'
   */
  readonly variablesNamespace?: string;
}

const pascalCase = (task: string) => task.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());

/**
 * The pipeline action function (runs pipewright tasks: docs/pipeline-action.md) and typed helpers that
 * return ready CodePipeline actions for its tasks, and CDK Pipelines steps.
 *
 * @example
 * ```ts
 * const pipewright = new PipewrightPipelineActions(this, 'Pipewright', { exportableParameterPath: '/app/prod*' });
 * stage.addAction(pipewright.httpCheck({ url: 'https://api.example.com/health', expectStatus: [200] }));
 * ```
 */
export class PipewrightPipelineActions extends Construct {
  readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: PipewrightPipelineActionsProps = {}) {
    super(scope, id);
    const built = new PipewrightFunction(this, 'PipelineAction', {
      description: pipelineAction,
      scope: stackScope(this, resolveSettings(props)),
      failureQueueKey: failureQueueKeyOf(this, props),
    });
    this.function = built.function;
    const unreportable = anyAboveZero(
      this,
      'UnreportableResultsAlarm',
      pipewrightMetric('ResultUnreportable', pipelineAction.service),
      'A job result could not be reported and a retry cannot help; the function logs say which.',
    );
    for (const alarm of [...built.alarms, unreportable]) props.notifier?.publishAlarm(alarm);
    props.notifier?.showHealth?.(pipelineAction.service, built.function, built.failureQueue);
  }

  /**
   * A Lambda invoke action running `task` with `parameters` (checked at synth like the function checks them).
   *
   * @example
   * ```ts
   * stage.addAction(pipewright.action('alarm-gate', { alarmPrefix: 'orders-' }));
   * ```
   */
  action<T extends TaskName>(task: T, parameters: TaskParameters[T], options: TaskActionOptions = {}) {
    return new actions.LambdaInvokeAction({
      actionName: options.actionName ?? pascalCase(task),
      runOrder: options.runOrder,
      inputs: options.inputs,
      variablesNamespace: options.variablesNamespace,
      lambda: this.function,
      userParameters: userParameters(task, parameters),
    });
  }

  /** @example pipewright.httpCheck({ url: 'https://api.example.com/health', attempts: 6 }) */
  httpCheck(parameters: TaskParameters['http-check'], options?: TaskActionOptions) {
    return this.action('http-check', parameters, options);
  }

  /** @example pipewright.changeCalendarGate({ calendar: 'prod-freeze', waitMinutes: 60 }) */
  changeCalendarGate(parameters: TaskParameters['change-calendar-gate'], options?: TaskActionOptions) {
    return this.action('change-calendar-gate', parameters, options);
  }

  /** @example pipewright.alarmGate({ alarms: ['orders-5xx', 'orders-latency-p99'] }) */
  alarmGate(parameters: TaskParameters['alarm-gate'], options?: TaskActionOptions) {
    return this.action('alarm-gate', parameters, options);
  }

  /** @example pipewright.loadParameters({ path: '/app/prod/' }, { variablesNamespace: 'Config' }) */
  loadParameters(parameters: TaskParameters['load-parameters'], options?: TaskActionOptions) {
    return this.action('load-parameters', parameters, options);
  }

  /** @example pipewright.runAutomation({ document: 'AWS-RestartEC2Instance', parameters: { InstanceId: ['i-0abc'] } }) */
  runAutomation(parameters: TaskParameters['run-automation'], options?: TaskActionOptions) {
    return this.action('run-automation', parameters, options);
  }

  /**
   * A CDK Pipelines step running `task` (e.g. in a stage's `pre` or `post` steps).
   *
   * @example
   * ```ts
   * pipeline.addStage(prod, { post: [pipewright.step('SmokeTest', 'http-check', { url: 'https://api.example.com/health' })] });
   * ```
   */
  step<T extends TaskName>(id: string, task: T, parameters: TaskParameters[T]): PipewrightActionStep {
    return new PipewrightActionStep(id, this.function, userParameters(task, parameters));
  }
}
