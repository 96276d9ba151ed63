import { PutJobFailureResultCommand } from '@aws-sdk/client-codepipeline';
import fc from 'fast-check';
import { ConfigurationError } from '../../../functions/lib/errors';
import { logger, metrics } from '../../../functions/lib/observability';
import { handler } from '../../../functions/pipeline-action';
import { isReportableJobId, jobOfInvokeEvent, parseJob } from '../../../functions/pipeline-action/job/event';
import { fakeContext, loadEvent, mockCodePipeline } from './support';

/** The sample event with its job id replaced, taken byte for byte. */
function withJobId(id: string) {
  const event = loadEvent('user-parameters-unknown-task'); // fails at once, with no task call
  event['CodePipeline.job'].id = id;
  return event;
}

/** Job ids as CodePipeline documents them: 8-4-4-4-12 lower-case hex digits. */
const validId = fc
  .tuple(...[8, 4, 4, 4, 12].map((n) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`))))
  .map((parts) => parts.join('-'));

/** Strings that are not job ids, including a valid id with a BOM, whitespace or upper case around it. */
const invalidId = fc
  .oneof(
    fc.string({ unit: 'binary', minLength: 1 }),
    validId.map((id) => `\uFEFF${id}`),
    fc
      .tuple(fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u2028'), validId)
      .map(([ws, id]) => `${ws}${id}${ws}`),
    validId.map((id) => id.toUpperCase()),
    fc.constantFrom(' ', '\uFEFF', '\t\n'),
  )
  .filter((id) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id));

describe('pipeline action job ids', () => {
  let codepipeline: ReturnType<typeof mockCodePipeline>;
  beforeEach(() => {
    codepipeline = mockCodePipeline();
  });

  it('reads the job id byte for byte: the event schema never trims or normalises it', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', minLength: 1 }), invalidId, validId), (id) => {
        const event = withJobId(id);
        expect(jobOfInvokeEvent(event).id).toBe(id);
        expect(parseJob(event['CodePipeline.job']).id).toBe(id);
      }),
      { numRuns: 1_000 },
    );
  });

  it('reports to CodePipeline with the job id exactly as received', async () => {
    await fc.assert(
      fc.asyncProperty(validId, async (id) => {
        codepipeline.mock.resetHistory();
        await handler(withJobId(id), fakeContext());
        expect(codepipeline.failure().map((input) => input.jobId)).toEqual([id]);
      }),
      { numRuns: 100 },
    );
  });

  it('logs and counts a job whose id does not match the documented pattern, without an AWS call or a throw', async () => {
    const counted = jest.spyOn(metrics, 'addMetric');
    const logged = jest.spyOn(logger, 'error');
    await fc.assert(
      fc.asyncProperty(invalidId, async (id) => {
        codepipeline.mock.resetHistory();
        counted.mockClear();
        logged.mockClear();
        expect(isReportableJobId(id)).toBe(false);

        const result = await handler(withJobId(id), fakeContext());

        expect(result.kind).toBe('failure');
        expect(codepipeline.mock.commandCalls(PutJobFailureResultCommand)).toHaveLength(0);
        expect(codepipeline.success()).toHaveLength(0);
        expect(counted).toHaveBeenCalledWith('ResultUnreportable', 'Count', 1);
        expect(logged).toHaveBeenCalledTimes(1);
        expect(logged.mock.calls[0]![0]).toMatch(/does not match the CodePipeline job id pattern/);
      }),
      { numRuns: 200 },
    );
  });

  it('parses any job object into a job or a ConfigurationError, never another error', () => {
    const base = loadEvent('alarm-gate')['CodePipeline.job'];
    const job = fc.oneof(
      fc.jsonValue(),
      fc.record({ id: fc.string(), accountId: fc.string(), data: fc.jsonValue() }),
      fc
        .dictionary(
          fc.constantFrom('UserParameters', 'FunctionName', 'extra'),
          fc.oneof(fc.string({ maxLength: 1_100 }), fc.integer()),
        )
        .map((configuration) => ({
          ...base,
          data: { ...base.data, actionConfiguration: { configuration } },
        })),
    );
    fc.assert(
      fc.property(job, (value) => {
        try {
          parseJob(value);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigurationError);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
