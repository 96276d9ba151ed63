import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { ConfigurationError, UnsupportedEventError } from '../../../functions/lib/errors';
import * as z from 'zod';
import {
  MAX_EVENT_BYTES,
  checkEventSize,
  checkEventSizeIssue,
  eventSizeProblem,
} from '../../../functions/lib/event-size';
import { formatIssues } from '../../../functions/lib/schema';
import { handler } from '../../../functions/pipeline-action';
import { fakeContext, loadEvent, mockCodePipeline } from '../pipeline-action/support';

const SECRET = 'PLANTED-oversized-event-secret';

describe('eventSizeProblem', () => {
  it('refuses exactly the events over the limit in bytes of UTF-8 JSON, never quoting them', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.integer({ min: 2, max: 4_096 }),
        fc.constantFrom('x', 'é', '😀'),
        (value, maxBytes, char) => {
          const event = { value, pad: `${SECRET}${char.repeat(maxBytes % 700)}` };
          const bytes = Buffer.byteLength(JSON.stringify(event));
          const problem = eventSizeProblem(event, { maxBytes });
          expect(problem === undefined).toBe(bytes <= maxBytes);
          if (problem) {
            expect(problem).toBe(
              `The event is ${bytes} bytes of JSON; an event of this function is at most ${maxBytes} bytes (${maxBytes % 1024 === 0 ? `${maxBytes / 1024} KiB` : `${maxBytes} bytes`}): whoever invoked the function sent something else`,
            );
            expect(problem).not.toContain(SECRET);
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('defaults to 256 KiB and says so', () => {
    expect(MAX_EVENT_BYTES).toBe(262_144);
    expect(eventSizeProblem({ pad: 'x'.repeat(262_144 - 10) })).toBeUndefined();
    expect(eventSizeProblem({ pad: 'x'.repeat(262_144) })).toMatch(/at most 262144 bytes \(256 KiB\)/);
  });

  it('refuses what is not JSON (a cycle, a BigInt), which Lambda cannot have delivered', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(eventSizeProblem(cyclic, { what: 'The job event' })).toMatch(/^The job event is not JSON; /);
    expect(eventSizeProblem({ n: 1n })).toMatch(/^The event is not JSON; /);
  });

  it('throws a ConfigurationError from checkEventSize', () => {
    expect(() => checkEventSize({ pad: 'x'.repeat(100) }, { maxBytes: 64 })).toThrow(ConfigurationError);
    expect(() => checkEventSize({ pad: 'x' }, { maxBytes: 64 })).not.toThrow();
  });
});

describe('checkEventSizeIssue (for the notifier, whose rejections show schema issues only)', () => {
  it('throws a ZodError whose one issue, formatted with every value hidden, says the size and the limit', () => {
    const event = { source: 'aws.codebuild', detail: { pad: `${SECRET}${'x'.repeat(MAX_EVENT_BYTES)}` } };
    let thrown: unknown;
    try {
      checkEventSizeIssue(event);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(z.ZodError);
    // As notify.ts formats a rejected event's problems.
    const said = formatIssues((thrown as z.ZodError).issues, { secret: () => true });
    expect(said).toMatch(
      /^The event is 26\d{4} bytes of JSON; an event of this function is at most 262144 bytes \(256 KiB\): whoever invoked the function sent something else$/,
    );
    expect(said).not.toContain(SECRET);
    expect(() => checkEventSizeIssue({ source: 'aws.codebuild' })).not.toThrow();
  });
});

describe('pipeline action, oversized job events', () => {
  let codepipeline: ReturnType<typeof mockCodePipeline>;
  beforeEach(() => {
    codepipeline = mockCodePipeline();
    mockClient(CloudWatchClient).on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
  });

  const oversized = [
    [
      'inside the job',
      (event: ReturnType<typeof loadEvent>) =>
        Object.assign(event['CodePipeline.job'].data, { pad: `${SECRET}${'x'.repeat(MAX_EVENT_BYTES)}` }),
    ],
    [
      'beside the job',
      (event: ReturnType<typeof loadEvent>) =>
        Object.assign(event, { pad: `${SECRET}${'x'.repeat(MAX_EVENT_BYTES)}` }),
    ],
  ] as const;

  it.each(oversized)(
    'reports a ConfigurationError naming the size and the limit when the bulk is %s, running no task',
    async (_where, pad) => {
      const event = loadEvent('alarm-gate');
      pad(event);

      await handler(event, fakeContext());

      const [failure] = codepipeline.failure();
      expect(failure?.jobId).toBe(event['CodePipeline.job'].id);
      expect(failure?.failureDetails?.type).toBe('ConfigurationError');
      expect(failure?.failureDetails?.message).toMatch(
        /^The job event is 26\d{4} bytes of JSON; a CodePipeline job event .* is at most 262144 bytes \(256 KiB\)/,
      );
      expect(failure?.failureDetails?.message).not.toContain(SECRET);
      expect(codepipeline.success()).toEqual([]);
    },
  );

  it('throws UnsupportedEventError, reporting nothing, when an oversized event has no job id to report to', async () => {
    const event = { 'CodePipeline.job': { pad: 'x'.repeat(MAX_EVENT_BYTES) } };
    await expect(handler(event, fakeContext())).rejects.toThrow(UnsupportedEventError);
    expect(codepipeline.mock.calls()).toHaveLength(0);
  });
});
