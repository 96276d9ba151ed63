import { alarmsCheck } from '../../../../functions/deploy-hook/checks/alarms';
import { httpCheck } from '../../../../functions/deploy-hook/checks/http';
import type { ConfiguredCheck } from '../../../../functions/deploy-hook/deployment-config';
import { parseEcsHookEvent } from '../../../../functions/deploy-hook/ecs/event';
import {
  answerDetails,
  readProgress,
  type StageProgress,
} from '../../../../functions/deploy-hook/ecs/progress';
import { logger } from '../../../../functions/lib/observability';
import { readEvent } from '../../../support/samples';

const STAGE = 'POST_TEST_TRAFFIC_SHIFT';
const EXECUTION = '3a0345ba-b029-404b-890d-7da2a4b266aa';
const planned: ConfiguredCheck[] = [
  { definition: httpCheck, options: {} },
  { definition: alarmsCheck, options: {} },
];
const progress = (change: Partial<StageProgress> = {}): StageProgress => ({
  v: 1,
  stage: STAGE,
  execution: EXECUTION,
  check: 1,
  name: 'alarms',
  of: 2,
  attempts: 3,
  since: Date.now() - 180_000,
  due: Date.now(),
  ...change,
});
/** The sample event of the stage with `hookDetails.pipewright` set (an execution id unless `flat`). */
function hookWith(handedOver: unknown, options: { flat?: boolean } = {}) {
  const hook = parseEcsHookEvent(readEvent(`deploy-hook/ecs-post-test-traffic-shift.json`));
  const { executionId: _dropped, ...flat } = hook;
  return {
    ...(options.flat ? flat : hook),
    hookDetails: { other: 'from the service definition', pipewright: handedOver },
  };
}

describe('readProgress', () => {
  it('goes on from the hand-over of the same stage, execution and checks', () => {
    const handedOver = progress();
    expect(readProgress(hookWith(handedOver), STAGE, planned)).toEqual(handedOver);
  });

  it.each([
    ['there is none', undefined],
    ['it is a result, not a hand-over', { v: 1, stage: STAGE, result: 'FAILED', reason: '…' }],
    ['it is of another stage', progress({ stage: 'POST_SCALE_UP' })],
    ['it is of another execution', progress({ execution: 'another' })],
    ['it names no execution while the event does', progress({ execution: undefined })],
    ['the checks that apply changed (count)', progress({ of: 3 })],
    ['the checks that apply changed (name)', progress({ name: 'http' })],
  ])('starts over when %s', (_, handedOver) => {
    expect(readProgress(hookWith(handedOver), STAGE, planned)).toBeUndefined();
  });

  it('goes on for an event without an execution id while the hand-over is recent, not 10 minutes after it was due', () => {
    const since = Date.now() - 20 * 60_000;
    const recent = progress({ execution: undefined, since, due: Date.now() - 9 * 60_000 });
    const stale = progress({ execution: undefined, since, due: Date.now() - 11 * 60_000 });
    expect(readProgress(hookWith(recent, { flat: true }), STAGE, planned)).toEqual(recent);
    expect(readProgress(hookWith(stale, { flat: true }), STAGE, planned)).toBeUndefined();
  });

  it.each([
    [
      'its first attempt is in the future',
      progress({ since: Date.now() + 600_000, due: Date.now() + 630_000 }),
    ],
    [
      'it is due before its first attempt',
      progress({ since: Date.now() - 60_000, due: Date.now() - 120_000 }),
    ],
    [
      'it is due later than any hand-over asks (callBackDelay ≤ 900 s)',
      progress({ due: Date.now() + 3_600_000 }),
    ],
  ])('logs and ignores a hand-over whose times this hook cannot have written: %s', (_, handedOver) => {
    // A future first attempt would never reach withinSeconds; a far due date would never go stale.
    const warn = jest.spyOn(logger, 'warn');
    expect(readProgress(hookWith(handedOver), STAGE, planned)).toBeUndefined();
    expect(
      readProgress(hookWith({ ...handedOver, execution: undefined }, { flat: true }), STAGE, planned),
    ).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^hookDetails\.pipewright is not a hand-over of this hook \(.+\); starting the checks over$/,
      ),
    );
  });

  it('says so when it drops a hand-over of the same stage made for another execution or long overdue', () => {
    const warn = jest.spyOn(logger, 'warn');
    expect(readProgress(hookWith(progress({ execution: 'another' })), STAGE, planned)).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^hookDetails\.pipewright holds a hand-over of .*another execution.*; starting the checks over$/,
      ),
    );
  });

  it.each([
    ['a wrong version', { ...progress(), v: 2 }],
    ['a negative index', { ...progress(), check: -1 }],
    ['an unknown field', { ...progress(), secret: 'x' }],
    ['text', 'resume at 3'],
  ])('logs and ignores a hand-over with %s (the checks start over, they do not fail)', (_, handedOver) => {
    const warn = jest.spyOn(logger, 'warn');
    expect(readProgress(hookWith(handedOver), STAGE, planned)).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(
      'hookDetails.pipewright is not a hand-over of this hook; starting the checks over',
      expect.objectContaining({ problem: expect.stringMatching(/^hookDetails\.pipewright/) }),
    );
  });
});

describe('answerDetails', () => {
  it('hands a progress over as it is', () => {
    const handedOver = progress();
    expect(answerDetails(handedOver)).toEqual({ pipewright: handedOver });
  });

  it('cuts a result’s reason to 1000 characters', () => {
    const details = answerDetails({ v: 1, stage: STAGE, result: 'FAILED', reason: 'x'.repeat(5_000) });
    expect(JSON.stringify(details).length).toBeLessThan(1_100);
  });
});
