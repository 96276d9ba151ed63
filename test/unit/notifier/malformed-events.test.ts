import { PublishCommand } from '@aws-sdk/client-sns';
import fc from 'fast-check';
import { clearConfigCache } from '../../../functions/lib/config';
import { logger, metrics } from '../../../functions/lib/observability';
import { notify } from '../../../functions/notifier/notify';
import { findSource } from '../../../functions/notifier/sources';
import { answerFromState, published, sampleEvent, sns } from './fixtures';

type Path = Array<string | number>;

/** The failed sample of each event family. */
const FAMILIES = [
  'pipeline-failed',
  'stage-failed',
  'action-failed-with-execution-result',
  'codebuild-failed',
  'codedeploy-failed',
];

/** The fields a notification cannot exist without: anything else there rejects the event. */
const REQUIRED: Record<string, Path[]> = {
  'pipeline-failed': [['detail'], ['detail', 'pipeline'], ['detail', 'execution-id'], ['detail', 'state']],
  'stage-failed': [
    ['detail', 'pipeline'],
    ['detail', 'execution-id'],
    ['detail', 'state'],
    ['detail', 'stage'],
  ],
  'action-failed-with-execution-result': [
    ['detail', 'pipeline'],
    ['detail', 'execution-id'],
    ['detail', 'state'],
    ['detail', 'stage'],
    ['detail', 'action'],
  ],
  'codebuild-failed': [['detail'], ['detail', 'build-status'], ['detail', 'build-id']],
  'codedeploy-failed': [['detail'], ['detail', 'deploymentId'], ['detail', 'state']],
};

const ENVELOPE: Path[] = [['account'], ['region'], ['time'], ['resources'], ['resources', 0]];
const CODEPIPELINE: Path[] = [
  ['detail', 'version'],
  ['detail', 'start-time'],
  ['detail', 'execution-trigger'],
  ['detail', 'execution-trigger', 'trigger-type'],
  ['detail', 'execution-trigger', 'trigger-detail'],
];
const INFO = ['detail', 'additional-information'];
/** Everything else a family reads: odd values there must not cost the notification. */
const INCIDENTAL: Record<string, Path[]> = {
  'pipeline-failed': [...ENVELOPE, ...CODEPIPELINE],
  'stage-failed': [...ENVELOPE, ...CODEPIPELINE],
  'action-failed-with-execution-result': [
    ...ENVELOPE,
    ...CODEPIPELINE,
    ['detail', 'type'],
    ['detail', 'type', 'provider'],
    ['detail', 'type', 'category'],
    ['detail', 'execution-result'],
    ['detail', 'execution-result', 'external-execution-summary'],
    ['detail', 'execution-result', 'external-execution-url'],
    ['detail', 'execution-result', 'error-code'],
  ],
  'codebuild-failed': [
    ...ENVELOPE,
    ['detail', 'project-name'],
    ['detail', 'current-phase'],
    INFO,
    [...INFO, 'initiator'],
    [...INFO, 'build-start-time'],
    [...INFO, 'source-version'],
    [...INFO, 'logs'],
    [...INFO, 'logs', 'deep-link'],
    [...INFO, 'phases'],
    [...INFO, 'phases', 4],
    [...INFO, 'phases', 4, 'phase-type'],
    [...INFO, 'phases', 4, 'phase-status'],
    [...INFO, 'phases', 4, 'phase-context'],
    [...INFO, 'phases', 4, 'phase-context', 0],
    [...INFO, 'phases', 4, 'duration-in-seconds'],
    [...INFO, 'environment'],
    [...INFO, 'environment', 'environment-variables'],
    [...INFO, 'environment', 'environment-variables', 0],
    [...INFO, 'environment', 'environment-variables', 0, 'name'],
    [...INFO, 'environment', 'environment-variables', 0, 'type'],
    [...INFO, 'environment', 'environment-variables', 0, 'value'],
  ],
  'codedeploy-failed': [
    ...ENVELOPE,
    ['detail', 'application'],
    ['detail', 'deploymentGroup'],
    ['detail', 'region'],
  ],
};

/** Sets (or, for `undefined`, deletes) the value at `path`, creating objects on the way. */
function setAt(event: Record<string, unknown>, path: Path, value: unknown): void {
  let node = event as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = (typeof next === 'object' && next !== null ? next : (node[key] = {})) as typeof node;
  }
  const last = path.at(-1)!;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/** A secret-looking value to plant: it must never show in a log line. */
const secret = fc.stringMatching(/^[A-Za-z0-9]{10,16}$/).map((s) => `hunter2${s}`);
/** A value of the wrong kind for a text field, carrying the secret in every form an event could. */
const wrongKind = (planted: string) =>
  fc.constantFrom<unknown>(
    undefined,
    null,
    '',
    48213377,
    true,
    [`DB_PASSWORD=${planted}`],
    { password: planted },
    [{ name: 'DB_PASSWORD', value: planted }],
  );
/**
 * Any value at all for an incidental field (of its kind, of another kind, or absent) — any JSON value,
 * since Lambda hands the function parsed JSON (never a cycle or a BigInt).
 */
const anyValue = (planted: string) =>
  fc.oneof(
    wrongKind(planted),
    fc.string({ maxLength: 20 }),
    fc.constant(`--password ${planted}`),
    fc.jsonValue(),
  );

const savedPath = process.env.PIPEWRIGHT_CONFIG_PATH;
const savedTopic = process.env.NOTIFICATION_TOPIC_ARN;

beforeEach(() => {
  clearConfigCache();
  process.env.PIPEWRIGHT_CONFIG_PATH = '/pipewright/test/';
  process.env.NOTIFICATION_TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:NotificationTopic';
  // Stage and action failures notify on their own too, so every family's failure is published.
  answerFromState([{ Name: '/pipewright/test/notifier/include-stage-and-action-events', Value: 'true' }]);
});
afterEach(() => {
  jest.restoreAllMocks();
  if (savedPath === undefined) delete process.env.PIPEWRIGHT_CONFIG_PATH;
  else process.env.PIPEWRIGHT_CONFIG_PATH = savedPath;
  if (savedTopic === undefined) delete process.env.NOTIFICATION_TOPIC_ARN;
  else process.env.NOTIFICATION_TOPIC_ARN = savedTopic;
});

/** Every line logged at any level, with its attributes, as one text. */
function spyLogs(): () => string {
  const spies = (['debug', 'info', 'warn', 'error'] as const).map((level) => jest.spyOn(logger, level));
  return () => spies.flatMap((spy) => spy.mock.calls.map((call) => JSON.stringify(call))).join('\n');
}

describe('notify with a malformed event of a known family', () => {
  it.each(FAMILIES)(
    'rejects %s when a field a notification needs is wrong, and logs no value of the event',
    async (sample) => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...REQUIRED[sample]!),
          secret.chain((planted) => fc.tuple(fc.constant(planted), wrongKind(planted))),
          async (path, [planted, bad]) => {
            jest.restoreAllMocks();
            sns.resetHistory();
            const logs = spyLogs();
            const event = sampleEvent(sample);
            // The secret is also in the rest of the event, where a schema error could quote it.
            setAt(event, ['detail', 'execution-trigger', 'trigger-detail'], `--token ${planted}`);
            setAt(event, [...INFO, 'environment', 'environment-variables'], [`DB_PASSWORD=${planted}`]);
            setAt(event, path, bad);

            await expect(notify(event)).resolves.toEqual({ published: false, reason: 'invalid-event' });

            expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
            const logged = logs();
            expect(logged).toMatch(/Event rejected: not a valid [a-z-]+ event: /);
            expect(logged).not.toContain(planted);
            expect(logged).not.toContain('48213377');
          },
        ),
        { numRuns: 60 },
      );
    },
  );

  it('describes a wrong value by its type and length only, even under a harmless field name', async () => {
    const event = sampleEvent('codebuild-failed');
    event.detail['build-id'] = ['DB_PASSWORD=hunter2'];
    const warn = jest.spyOn(logger, 'warn');

    await notify(event);

    expect(warn).toHaveBeenCalledWith(
      'Event rejected: not a valid codebuild-build event: detail.build-id: expected text, got a list of 1 item',
      expect.objectContaining({ reason: 'invalid-event', family: 'codebuild-build' }),
    );
  });

  it('counts a rejected event in EventRejected by family and for the whole service (the alarm watches the latter)', async () => {
    const event = sampleEvent('codedeploy-failed');
    delete event.detail.deploymentId;
    const single = { addDimension: jest.fn(), addMetric: jest.fn() };
    jest.spyOn(metrics, 'singleMetric').mockReturnValue(single as never);
    const addMetric = jest.spyOn(metrics, 'addMetric').mockReturnValue(metrics);

    await notify(event);

    expect(single.addDimension).toHaveBeenCalledWith('family', 'codedeploy-deployment');
    expect(single.addMetric).toHaveBeenCalledWith('EventRejected', 'Count', 1);
    expect(addMetric).toHaveBeenCalledWith('EventRejected', 'Count', 1);
  });

  it.each(FAMILIES)('still notifies a failure of %s whatever its incidental fields hold', async (sample) => {
    const expected = findSource(sampleEvent(sample))!.parse(sampleEvent(sample));
    await fc.assert(
      fc.asyncProperty(
        secret.chain((planted) =>
          fc.tuple(
            fc.constant(planted),
            fc.uniqueArray(fc.constantFrom(...INCIDENTAL[sample]!), { minLength: 1, maxLength: 4 }),
            fc.array(anyValue(planted), { minLength: 4, maxLength: 4 }),
          ),
        ),
        async ([, paths, values]) => {
          sns.resetHistory();
          const event = sampleEvent(sample);
          paths.forEach((path, i) => setAt(event, path, values[i]));

          await expect(notify(event)).resolves.toMatchObject({ published: true });

          const { subject, message } = published();
          expect(subject).toMatch(/^\[FAILED\] /);
          expect(message.default).toContain(expected.executionId.slice(0, 8));
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('notify with a malformed CodeBuild environment', () => {
  const failingPhase = (event: ReturnType<typeof sampleEvent>) =>
    (event.detail['additional-information'] as { phases: Array<Record<string, unknown>> }).phases.find(
      (p) => p['phase-status'] === 'FAILED',
    )!;
  const variables = (event: ReturnType<typeof sampleEvent>, value: unknown) =>
    setAt(event, [...INFO, 'environment', 'environment-variables'], value);

  it('scrubs the values of entries written as NAME=value text, or with a name that is not text', async () => {
    const event = sampleEvent('codebuild-failed');
    variables(event, ['DB_PASSWORD=hunter2xyz', { name: 42, value: 'k9x' }, { name: 'PIN', value: 4821 }]);
    failingPhase(event)['phase-context'] = ['./run.sh hunter2xyz k9x 4821 failed'];

    await expect(notify(event)).resolves.toMatchObject({ published: true });

    expect(published().message.default).toContain('./run.sh *** *** *** failed');
  });

  it('withholds phase messages when the environment variables cannot be read (their values could not be scrubbed)', async () => {
    const event = sampleEvent('codebuild-failed');
    variables(event, { DB_PASSWORD: 'hunter2xyz' });
    failingPhase(event)['phase-context'] = ['./run.sh hunter2xyz failed'];

    await expect(notify(event)).resolves.toMatchObject({ published: true });

    const text = published().message.default;
    expect(text).toContain("phase messages not shown: the event's environment variables could not be read");
    expect(text).not.toContain('hunter2xyz');
  });

  it('names the project from the build id when the project name is unreadable', async () => {
    const event = sampleEvent('codebuild-failed');
    event.detail['project-name'] = 42;

    await expect(notify(event)).resolves.toMatchObject({ published: true });

    expect(published().subject).toBe('[FAILED] pipewright-nightly-tests: BUILD phase');
  });
});

describe('notify with a CodeDeploy event that does not name its application', () => {
  it('takes the application from GetDeployment', async () => {
    const event = sampleEvent('codedeploy-failed');
    delete event.detail.application;

    await expect(notify(event)).resolves.toMatchObject({ published: true });

    expect(published().subject).toBe(
      '[FAILED] pipewright-prod-ServerlessDeploymentApplication-1KQ8ZR3T5W7Y: d-PWNTF0042',
    );
  });
});
