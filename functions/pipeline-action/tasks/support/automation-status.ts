import type { AutomationExecution, AutomationExecutionStatus } from '@aws-sdk/client-ssm';

/** Where an SSM Automation execution (or one of its steps) stands. */
type AutomationPhase = 'succeeded' | 'failed' | 'running';

/**
 * Every status of the SDK's `AutomationExecutionStatus`, classified. Typed as a full record so that a
 * status added to the SDK breaks the build until it is classified here. `Cancelling` is on its way to
 * `Cancelled` and `Approved` / `ChangeCalendarOverrideApproved` are on their way to running: they keep
 * polling until the final status arrives.
 */
const PHASE_OF: Record<AutomationExecutionStatus, AutomationPhase> = {
  Success: 'succeeded',
  CompletedWithSuccess: 'succeeded',
  Failed: 'failed',
  TimedOut: 'failed',
  Cancelled: 'failed',
  CompletedWithFailure: 'failed',
  Rejected: 'failed',
  ChangeCalendarOverrideRejected: 'failed',
  Exited: 'failed',
  Pending: 'running',
  InProgress: 'running',
  Waiting: 'running',
  Cancelling: 'running',
  PendingApproval: 'running',
  Approved: 'running',
  PendingChangeCalendarOverride: 'running',
  ChangeCalendarOverrideApproved: 'running',
  Scheduled: 'running',
  RunbookInProgress: 'running',
};

/**
 * The phase of an execution or step status, or `undefined` for a status this function does not know
 * (newer than its SDK, or missing): the caller keeps polling and logs it.
 *
 * @example
 * ```ts
 * automationPhase('CompletedWithFailure'); // 'failed'
 * automationPhase('Cancelling'); // 'running'
 * ```
 */
export function automationPhase(status: string | undefined): AutomationPhase | undefined {
  return status !== undefined && Object.hasOwn(PHASE_OF, status)
    ? PHASE_OF[status as AutomationExecutionStatus]
    : undefined;
}

/** The first step that ended badly, with its message (else the execution's failure message). */
export function failedStepText(execution: AutomationExecution): string {
  const step = execution.StepExecutions?.find((s) => automationPhase(s.StepStatus) === 'failed');
  const message = step?.FailureMessage ?? execution.FailureMessage ?? 'no failure message';
  return step ? `step ${step.StepName} ${step.StepStatus}: ${message}` : message;
}

/** Steps that ended (well or badly; an unknown status counts as running) and the first one that has not. */
export function stepProgress(execution: AutomationExecution): {
  done: number;
  total: number;
  current?: string;
} {
  const steps = execution.StepExecutions ?? [];
  const ended = steps.map((s) =>
    ['succeeded', 'failed'].includes(automationPhase(s.StepStatus) ?? 'running'),
  );
  return {
    done: ended.filter(Boolean).length,
    total: steps.length,
    current: steps[ended.indexOf(false)]?.StepName,
  };
}
