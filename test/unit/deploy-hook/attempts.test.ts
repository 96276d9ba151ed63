import * as z from 'zod';
import { attemptCheck, planChecks } from '../../../functions/deploy-hook/attempts';
import { type CheckOutcome, defineCheck, firstRun } from '../../../functions/deploy-hook/checks/check';
import type { ConfiguredCheck } from '../../../functions/deploy-hook/deployment-config';
import type { EcsServiceTarget } from '../../../functions/deploy-hook/target';
import { logger } from '../../../functions/lib/observability';

const target = { kind: 'ecs-service' } as EcsServiceTarget;

/** A configured check whose attempt answers `outcome` (or throws it), limited as `limits` say. */
function configured(outcome: CheckOutcome | Error, limits: Partial<ConfiguredCheck> = {}) {
  const run = jest.fn(async () => {
    if (outcome instanceof Error) throw outcome;
    return outcome;
  });
  const definition = defineCheck({ name: 'probe', description: '', options: z.strictObject({}), run });
  return { check: { definition, options: {}, ...limits } as ConfiguredCheck, run };
}

describe('attemptCheck', () => {
  it('turns a check that cannot check at all into a failed outcome saying why, never retried', async () => {
    const { check } = configured(Object.assign(new Error('no route'), { name: 'ConfigurationError' }));
    await expect(attemptCheck(check, target, firstRun())).resolves.toEqual({
      passed: false,
      durationMs: expect.any(Number),
      detail: 'could not run: ConfigurationError: no route',
    });
  });

  it('keeps the retry a check asks for while it fits in withinSeconds', async () => {
    const { check } = configured(
      { passed: false, detail: 'starting', durationMs: 5, retry: { afterMs: 10_000 } },
      { withinSeconds: 60 },
    );
    await expect(attemptCheck(check, target, firstRun())).resolves.toMatchObject({
      retry: { afterMs: 10_000 },
    });
  });

  it('makes the outcome final when the next attempt would start after withinSeconds', async () => {
    const { check } = configured(
      { passed: false, detail: 'starting', durationMs: 5, retry: { afterMs: 10_000 } },
      { withinSeconds: 60 },
    );
    const outcome = await attemptCheck(check, target, {
      ...firstRun(),
      attempt: 6,
      startedAt: Date.now() - 55_000,
    });
    expect(outcome).toEqual({
      passed: false,
      durationMs: expect.any(Number),
      detail: 'starting; no further attempt within 60 s (withinSeconds)',
    });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(55_000); // from the first attempt on
  });

  it('fails a check already past withinSeconds without attempting it (a late ECS call)', async () => {
    const { check, run } = configured({ passed: true, detail: 'fine', durationMs: 1 }, { withinSeconds: 60 });
    const outcome = await attemptCheck(check, target, {
      ...firstRun(),
      attempt: 3,
      startedAt: Date.now() - 90_000,
    });
    expect(outcome.passed).toBe(false);
    expect(outcome.detail).toMatch(
      /^did not pass within 60 s \(withinSeconds\) of its first attempt, 1m 30s ago$/,
    );
    expect(run).not.toHaveBeenCalled();
  });
});

describe('planChecks', () => {
  const only = (when?: string[]) => ({
    ...configured({ passed: true, detail: '', durationMs: 0 }).check,
    when,
  });

  it('keeps the checks without when, and those whose when names the event', () => {
    const checks = [only(), only(['POST_TEST_TRAFFIC_SHIFT']), only(['POST_PRODUCTION_TRAFFIC_SHIFT'])];
    expect(planChecks(checks, 'POST_TEST_TRAFFIC_SHIFT', '')).toEqual(checks.slice(0, 2));
  });

  it('keeps every check, warning about each limited one, when the event is not known', () => {
    const warn = jest.spyOn(logger, 'warn');
    const checks = [only(), only(['POST_SCALE_UP'])];
    expect(
      planChecks(checks, undefined, 'neither the event nor DescribeServiceDeployments names it'),
    ).toEqual(checks);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      'Check probe is limited to POST_SCALE_UP but this hook cannot tell which lifecycle event it serves (neither the event nor DescribeServiceDeployments names it); running it',
    );
  });
});
