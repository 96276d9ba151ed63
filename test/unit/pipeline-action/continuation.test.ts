import * as z from 'zod';
import { ConfigurationError } from '../../../functions/lib/errors';
import { decodeContinuation, encodeContinuation } from '../../../functions/pipeline-action/job/continuation';

const state = z.strictObject({ attemptsDone: z.number() });

describe('continuation tokens', () => {
  it('hand a state over to the next invocation of the same task', () => {
    const token = encodeContinuation('http-check', { attemptsDone: 2 });
    expect(decodeContinuation(token, 'http-check', state)).toEqual({ attemptsDone: 2 });
  });

  it('hand over a job whose task never started: no state, the task starts from the beginning', () => {
    const token = encodeContinuation('alarm-gate', undefined);
    expect(token).toBe('{"v":1,"task":"alarm-gate"}');
    expect(decodeContinuation(token, 'alarm-gate', z.never())).toBeUndefined();
  });

  it('name what asks for the task when the token belongs to another (UserParameters, an action type)', () => {
    const token = encodeContinuation('alarm-gate', undefined);
    expect(() =>
      decodeContinuation(token, 'http-check', state, 'the action type Pipewright-dev-HttpCheck'),
    ).toThrow(
      new ConfigurationError(
        'The continuation token belongs to task "alarm-gate", but the action type Pipewright-dev-HttpCheck asks for "http-check"',
      ),
    );
  });
});
