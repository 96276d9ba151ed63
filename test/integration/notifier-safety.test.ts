import type { Notified, SampleEvent } from './notifier-subscriber';
import { logEntries, notifierSettings, notifyThroughBundle, sample } from './notifier-subscriber';

/** The parts of a CodeBuild event's `additional-information` these tests change. */
interface BuildInfo {
  initiator?: string;
  environment: { 'environment-variables': { name: string; type: string; value: string }[] };
  phases: { 'phase-status'?: string; 'phase-context'?: string[] }[];
}
const buildInfo = (event: SampleEvent) => event.detail['additional-information'] as BuildInfo;
const failingPhase = (event: SampleEvent) =>
  buildInfo(event).phases.find((p) => p['phase-status'] === 'FAILED')!;

/** PLAINTEXT environment-variable values of the build (each long enough to be scrubbed: 6+ characters). */
const plaintextValues = [
  'hunter2-Plaintext-Zx9q',
  'sk_live_51HxQ2LbZ9wKp',
  'orders-db-Pa55w0rd',
  'https://deploy:Gh0stWr1ter@artifacts.example.com/releases',
];

/** A PLAINTEXT value too short for the length rule, scrubbed because its name (DB_PIN) looks secret. */
const shortSecret = 'Qz7w';

/** Secret-looking strings of phase messages that are NOT environment-variable values. */
const otherSecrets = [
  'AKIAIOSFODNN7EXAMPLE',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2lnbmF0dXJlLXZhbHVl',
  'ghp_R4nd0mT0k3nV4lu3F0rT3st1ng0nly',
  'Tr0ub4dor-and-3',
  'xoxb-1234567890-abcdefghij',
];

/** A CodeBuild failure whose environment and failing command carry all of the above. */
function leakyBuild(overrides: Record<string, unknown> = {}) {
  const event = sample('codebuild-failed');
  buildInfo(event).environment['environment-variables'] = [
    ...plaintextValues.map((value, i) => ({ name: `VAR_${i}`, type: 'PLAINTEXT', value })),
    { name: 'DB_PIN', type: 'PLAINTEXT', value: shortSecret },
    { name: 'API_KEY', type: 'PARAMETER_STORE', value: '/pipewright/nightly/api-key' },
  ];
  failingPhase(event)['phase-context'] = [
    `COMMAND_EXECUTION_ERROR: Error while executing command: ./deploy.sh --token ${plaintextValues[1]} ` +
      `--db ${plaintextValues[2]} --pin ${shortSecret} --from ${plaintextValues[3]}. Reason: exit status 1`,
    `curl -H "Authorization: Bearer ${otherSecrets[1]}" -u ci:${plaintextValues[0]} failed; ` +
      `AWS_ACCESS_KEY_ID=${otherSecrets[0]} GITHUB_TOKEN=${otherSecrets[2]} password=${otherSecrets[3]} ` +
      `slack ${otherSecrets[4]}`,
  ];
  Object.assign(event.detail, overrides);
  return event;
}

/** Everything of a run a person or a subscriber could read: messages, AWS call records, logs. */
const everythingVisible = (run: Notified) =>
  [
    ...run.deliveries.flatMap((d) => [d.subject, d.raw, JSON.stringify(d.attributes)]),
    ...run.published.map((p) => JSON.stringify(p)),
    JSON.stringify(run.calls),
    JSON.stringify(run.result ?? null),
    JSON.stringify(run.error ?? null),
    ...run.logs,
  ].join('\n');

/** Most verbose logging, event logging asked for too: nothing may leak even then. */
const verbose = { POWERTOOLS_LOG_LEVEL: 'DEBUG', POWERTOOLS_LOGGER_LOG_EVENT: 'true' };

describe('NotifierFunction never forwards CodeBuild secrets', () => {
  it('publishes a build failure without any environment value or secret-looking string', async () => {
    const run = await notifyThroughBundle(leakyBuild(), { env: verbose });

    expect(run.error).toBeUndefined();
    expect(run.deliveries).toHaveLength(1);
    expect(run.deliveries[0]!.body.default).toContain(
      'COMMAND_EXECUTION_ERROR: Error while executing command: ./deploy.sh',
    );
    const visible = everythingVisible(run);
    for (const secret of [...plaintextValues, shortSecret, ...otherSecrets])
      expect(visible).not.toContain(secret);
  });

  it('keeps them out of a pipeline build notification too (notify-pipeline-builds)', async () => {
    const event = leakyBuild();
    buildInfo(event).initiator = 'codepipeline/pipewright-prod';

    const run = await notifyThroughBundle(event, {
      env: verbose,
      state: notifierSettings({ 'notify-pipeline-builds': 'true' }),
    });

    expect(run.deliveries).toHaveLength(1);
    const visible = everythingVisible(run);
    for (const secret of [...plaintextValues, shortSecret, ...otherSecrets])
      expect(visible).not.toContain(secret);
  });

  it('leaves no piece of a value repeated all over a huge phase message', async () => {
    const event = leakyBuild();
    failingPhase(event)['phase-context'] = [`${plaintextValues[0]};`.repeat(1_000)];

    const run = await notifyThroughBundle(event);

    expect(run.deliveries[0]!.body.default).toContain('***;***;');
    expect(everythingVisible(run)).not.toContain(plaintextValues[0]!.slice(0, 8));
  });

  it('logs no value of a malformed build event it skips', async () => {
    const run = await notifyThroughBundle(leakyBuild({ 'build-status': 42 }), { env: verbose });

    expect(run.result).toEqual({ published: false, reason: 'invalid-event' });
    const visible = everythingVisible(run);
    for (const secret of [...plaintextValues, shortSecret, ...otherSecrets])
      expect(visible).not.toContain(secret);
  });
});

describe("NotifierFunction never forwards secrets of a failed action's message", () => {
  it('redacts flags, variables, headers and JSON keys that name a secret, as SNS receives the message', async () => {
    const event = sample('action-failed-with-execution-result');
    const secrets = ['hunter2', 'abc-Tok3n', 'k3y-Vv9', 'Sup3rS3cret', 'p4ss-json', 'b34rer-T0k'];
    (event.detail['execution-result'] as Record<string, string>)['external-execution-summary'] =
      `./deploy.sh --db-password ${secrets[0]} --api-token=${secrets[1]} failed; ` +
      `curl -H 'X-Api-Key: ${secrets[2]}' -H "Authorization: Bearer ${secrets[5]}"; ` +
      `DB_SECRET=${secrets[3]} {"password": "${secrets[4]}"}`;

    const run = await notifyThroughBundle(event, {
      env: verbose,
      state: notifierSettings({ 'include-stage-and-action-events': 'true' }),
    });

    expect(run.deliveries).toHaveLength(1);
    expect(run.deliveries[0]!.body.default).toContain('./deploy.sh --db-password *** --api-token=*** failed');
    const visible = everythingVisible(run);
    for (const secret of secrets) expect(visible).not.toContain(secret);
  });
});

describe('NotifierFunction rejects a malformed event of a known family loudly', () => {
  it('logs a WARN naming detail.state and emits an EventRejected metric', async () => {
    const event = sample('pipeline-failed');
    delete event.detail.state;

    const run = await notifyThroughBundle(event);

    expect(run.result).toEqual({ published: false, reason: 'invalid-event' });
    expect(run.deliveries).toHaveLength(0);
    const entries = logEntries(run);
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        message: expect.stringMatching(/^Event rejected: .*\bdetail\.state\b/),
      }),
    );
    expect(run.logs.join('\n')).toMatch(/"EventRejected"/);
  });
});
