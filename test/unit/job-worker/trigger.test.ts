import { UnsupportedEventError } from '../../../functions/lib/errors';
import { readTrigger } from '../../../functions/job-worker/trigger';
import { readEvent } from '../../support/samples';

describe('readTrigger', () => {
  it('reads the action type and state of an action execution event', () => {
    expect(readTrigger(readEvent('job-worker/http-check-started.json'))).toEqual({
      kind: 'action-started',
      type: { owner: 'Custom', category: 'Invoke', provider: 'Pipewright-dev-HttpCheck', version: '1' },
      state: 'STARTED',
      pipeline: 'checkout-prod',
      executionId: '4f2c9a1e-7b3d-4c5e-9f8a-1b2c3d4e5f60',
    });
  });

  it('takes a version sent as a number as its text', () => {
    const event = readEvent<{ detail: { type: { version: unknown } } }>('job-worker/http-check-started.json');
    event.detail.type.version = 1;
    expect(readTrigger(event)).toMatchObject({ type: { version: '1' } });
  });

  it("reads the schedule's Scheduled Event as a sweep", () => {
    expect(readTrigger(readEvent('job-worker/sweep.json'))).toEqual({ kind: 'sweep' });
  });

  it('refuses an action event without its action type: no type could be polled for it', () => {
    const event = readEvent<{ detail: Record<string, unknown> }>('job-worker/http-check-started.json');
    delete event.detail.type;
    expect(() => readTrigger(event)).toThrow(UnsupportedEventError);
  });

  it('names what an unsupported event is, quoting no more than its source and detail-type', () => {
    const secret = 'PLANTED-body-value-8Xc2';
    expect(() =>
      readTrigger({ source: 'aws.s3', 'detail-type': 'Object Created', detail: { secret } }),
    ).toThrow(/got an event with source "aws\.s3" and detail-type "Object Created"$/);
    expect(() => readTrigger(readEvent('job-worker/not-a-worker-event.json'))).toThrow(
      /got an event with source none and detail-type none$/,
    );
    expect(() => readTrigger(null)).toThrow(/got null$/);
  });
});
