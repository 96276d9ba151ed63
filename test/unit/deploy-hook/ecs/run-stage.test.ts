import * as z from 'zod';
import {
  type CheckOutcome,
  type CheckRun,
  defineCheck,
} from '../../../../functions/deploy-hook/checks/check';
import type { ConfiguredCheck } from '../../../../functions/deploy-hook/deployment-config';
import { runStage, type StageRun } from '../../../../functions/deploy-hook/ecs/run-stage';
import type { EcsServiceTarget } from '../../../../functions/deploy-hook/target';
import { pause, runWithDeadline } from '../../../../functions/lib/invocation';

const target: EcsServiceTarget = {
  kind: 'ecs-service',
  cluster: 'shop-prod',
  service: 'checkout',
  serviceArn: 'arn:aws:ecs:eu-west-1:123456789012:service/shop-prod/checkout',
  targetRevisionArn: 'arn:aws:ecs:eu-west-1:123456789012:service-revision/shop-prod/checkout/93',
  serviceDeploymentArn: 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/shop-prod/checkout/EZe5',
  stage: 'POST_TEST_TRAFFIC_SHIFT',
};
const passed: CheckOutcome = { passed: true, detail: 'fine', durationMs: 1 };
const notYet = (afterMs: number): CheckOutcome => ({
  passed: false,
  detail: 'not yet',
  durationMs: 1,
  retry: { afterMs },
});

/** A check answering `outcomes` one attempt after the other, recording each run it gets. */
function scripted(name: string, ...outcomes: CheckOutcome[]) {
  const runs: CheckRun[] = [];
  const check: ConfiguredCheck = {
    definition: defineCheck({
      name,
      description: 'scripted',
      options: z.strictObject({}),
      run: async (_options, _target, run) => {
        runs.push(run!);
        return outcomes.shift() ?? passed;
      },
    }),
    options: {},
  };
  return { check, runs };
}

/** Runs a stage with `workMs` of work time left. */
const stage = (planned: ConfiguredCheck[], more: Partial<StageRun> = {}, workMs = 60_000) =>
  runWithDeadline(workMs, () => runStage({ target, planned, listeners: {}, executionId: 'e-1', ...more }));

describe('runStage', () => {
  it('answers SUCCEEDED once every check passed, waiting inside the invocation for a short pause', async () => {
    const flaky = scripted('flaky', notYet(5), passed);
    const verdict = await stage([flaky.check, scripted('steady').check]);
    expect(verdict).toEqual({
      hookStatus: 'SUCCEEDED',
      stage: 'POST_TEST_TRAFFIC_SHIFT',
      reason: '2 checks passed',
    });
    expect(flaky.runs.map((run) => run.attempt)).toEqual([1, 2]);
    expect(flaky.runs[1]!.startedAt).toBe(flaky.runs[0]!.startedAt);
  });

  it('hands a pause longer than 10 s over to ECS: IN_PROGRESS, callBackDelay rounded up, the next attempt recorded', async () => {
    const slow = scripted('watch', notYet(30_500));
    const verdict = await stage([scripted('first').check, slow.check]);
    expect(verdict).toMatchObject({
      hookStatus: 'IN_PROGRESS',
      callBackDelay: 31,
      reason: 'check 2 of 2 (watch) goes on in 31 s',
      progress: {
        v: 1,
        stage: 'POST_TEST_TRAFFIC_SHIFT',
        execution: 'e-1',
        check: 1,
        name: 'watch',
        of: 2,
        attempts: 1,
      },
    });
    expect(verdict.hookStatus === 'IN_PROGRESS' && verdict.progress.since).toBe(slow.runs[0]!.startedAt);
  });

  it('never asks ECS to wait longer than 900 s (callBackDelay), whatever pause a check asks for', async () => {
    const verdict = await stage([scripted('watch', notYet(3_600_000)).check]);
    expect(verdict).toMatchObject({ hookStatus: 'IN_PROGRESS', callBackDelay: 900 });
    expect(verdict.hookStatus === 'IN_PROGRESS' && verdict.progress.due).toBeLessThanOrEqual(
      Date.now() + 900_000,
    );
  });

  it('hands a short pause over when the work time left would not hold it and one more attempt', async () => {
    const flaky = scripted('flaky', notYet(2_000));
    const verdict = await stage([flaky.check], {}, 16_000);
    expect(verdict).toMatchObject({ hookStatus: 'IN_PROGRESS', callBackDelay: 2 });
    expect(flaky.runs).toHaveLength(1);
  });

  it('hands over before an attempt that is not the invocation’s first when less than 15 s of work time is left', async () => {
    const slow = scripted('slow');
    slow.check.definition.run = async () => {
      await pause(1_500);
      return passed;
    };
    const next = scripted('next');
    const verdict = await stage([slow.check, next.check], {}, 16_000);
    expect(verdict).toMatchObject({
      hookStatus: 'IN_PROGRESS',
      callBackDelay: 1,
      progress: { check: 1, name: 'next', attempts: 0 },
    });
    expect(next.runs).toHaveLength(0);
  });

  it('ends the stage at the first failed check: FAILED at once, the checks after it not run', async () => {
    const later = scripted('later');
    const verdict = await stage([
      scripted('broken', { passed: false, detail: 'expected 2xx, got 503', durationMs: 3 }).check,
      later.check,
    ]);
    expect(verdict).toEqual({
      hookStatus: 'FAILED',
      stage: 'POST_TEST_TRAFFIC_SHIFT',
      reason: 'check 1 of 2 failed — broken: expected 2xx, got 503',
    });
    expect(later.runs).toHaveLength(0);
  });

  it('goes on from a hand-over: the check it names, at its next attempt, timed from its first one', async () => {
    const done = scripted('done');
    const resumed = scripted('resumed');
    const since = Date.now() - 120_000;
    const progress = {
      v: 1 as const,
      stage: 'POST_TEST_TRAFFIC_SHIFT',
      check: 1,
      name: 'resumed',
      of: 2,
      attempts: 4,
      since,
      due: Date.now(),
    };
    await expect(stage([done.check, resumed.check], { progress })).resolves.toMatchObject({
      hookStatus: 'SUCCEEDED',
    });
    expect(done.runs).toHaveLength(0);
    expect(resumed.runs).toEqual([{ attempt: 5, startedAt: since, listeners: {} }]);
  });
});
