import {
  type CodePipelineClient,
  GetPipelineExecutionCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
} from '@aws-sdk/client-codepipeline';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { clearConfigCache } from '../../../functions/lib/config';
import { clearReaderCredentials } from '../../../functions/notifier/enrich/reader-credentials';
import { notify } from '../../../functions/notifier/notify';
import { awsError } from '../../support/aws-error';
import { readState } from '../../support/samples';
import {
  type NotifierState,
  getPipelineExecution,
  listActionExecutions,
  listPipelineExecutions,
} from './answers';
import { answerFromState, codepipeline, published, sampleEvent } from './fixtures';

const SPOKE = '210987654321';
const READER = `arn:aws:iam::${SPOKE}:role/pipewright-reader`;
const HOUR = 3_600_000;
const sts = mockClient(STSClient);
/** The Lambda context of a notifier deployed in 123456789012 (the hub). */
const hub = {
  getRemainingTimeInMillis: () => 60_000,
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:pipewright-prod-NotifierFunction',
};
/** The spoke's pipelines, as local/state/notifier.json seeds them under accounts.<id>. */
const spoke = readState<{ accounts: Record<string, Pick<NotifierState, 'codepipeline'>> }>('notifier')
  .accounts[SPOKE]!;

const credentials = (expiresInMs = HOUR) => ({
  Credentials: {
    AccessKeyId: `ASIA${SPOKE}READ`,
    SecretAccessKey: 'spoke-secret',
    SessionToken: 'spoke-session',
    Expiration: new Date(Date.now() + expiresInMs),
  },
});

/** The credentials and region each CodePipeline call was made with. */
async function codepipelineCallers(): Promise<string[]> {
  return Promise.all(
    codepipeline.calls().map(async (call) => {
      const { config } = call.thisValue as CodePipelineClient;
      const identity = await (config.credentials as () => Promise<{ accessKeyId: string }>)();
      return `${identity.accessKeyId} ${await config.region()}`;
    }),
  );
}

/** Answers as local/state/notifier.json does, the pipelines being the spoke's (`parameters`: the configuration). */
function answerFromSpoke(parameters: Parameters<typeof answerFromState>[0] = []): void {
  answerFromState(parameters);
  const spokeState = { ...readState<NotifierState>('notifier'), ...spoke };
  codepipeline
    .on(ListPipelineExecutionsCommand)
    .callsFake(listPipelineExecutions(spokeState))
    .on(GetPipelineExecutionCommand)
    .callsFake(getPipelineExecution(spokeState))
    .on(ListActionExecutionsCommand)
    .callsFake(listActionExecutions(spokeState));
}

describe('notify, for an event of another account (a hub and its spokes)', () => {
  beforeEach(() => {
    clearConfigCache();
    clearReaderCredentials();
    process.env.PIPEWRIGHT_CONFIG_PATH = '/pipewright/test/';
    process.env.NOTIFICATION_TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:NotificationTopic';
    answerFromSpoke();
    sts.reset();
    sts.on(AssumeRoleCommand).callsFake(() => credentials());
  });

  it("reads the event's account with its reader role, in the event's region, and says which account in every part", async () => {
    await expect(notify(sampleEvent('pipeline-failed-other-account'), hub)).resolves.toMatchObject({
      published: true,
    });

    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: READER });
    expect(await codepipelineCallers()).toEqual(Array(3).fill(`ASIA${SPOKE}READ us-east-1`));
    const { subject, message } = published();
    expect(subject).toBe(`[FAILED] orders-prod (${SPOKE}, us-east-1): Deploy / Deploy`);
    expect(message.default.split('\n').slice(0, 3)).toEqual([
      'Pipeline orders-prod FAILED after 7m 45s (execution 6d7e8f90)',
      `Account: ${SPOKE}, us-east-1`,
      'Failed: stage Deploy > action Deploy (CloudFormation)',
    ]);
    const chat = JSON.parse(message.https);
    expect(chat.metadata.threadId).toBe(
      `codepipeline-${SPOKE}-orders-prod-6d7e8f90-1a2b-4c3d-9e4f-5a6b7c8d9e0f`,
    );
    expect(chat.content.description).toContain(`*Account:* ${SPOKE}, us-east-1`);
  });

  it('names the account by its alias from account-aliases', async () => {
    answerFromSpoke([
      { Name: '/pipewright/test/notifier/account-aliases', Value: `{"${SPOKE}": "orders-prod-account"}` },
    ]);

    await notify(sampleEvent('pipeline-failed-other-account'), hub);

    const { subject, message } = published();
    expect(subject).toBe('[FAILED] orders-prod (orders-prod-account, us-east-1): Deploy / Deploy');
    expect(message.default).toContain(`Account: orders-prod-account (${SPOKE}), us-east-1`);
  });

  it('assumes the role once per account for a burst of events, and again only when its credentials near their expiry', async () => {
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now);
    for (let i = 0; i < 5; i++) await notify(sampleEvent('pipeline-failed-other-account'), hub);
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);

    clock.mockReturnValue(now + HOUR - 6 * 60_000);
    await notify(sampleEvent('pipeline-failed-other-account'), hub);
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);

    clock.mockReturnValue(now + HOUR - 4 * 60_000);
    await notify(sampleEvent('pipeline-failed-other-account'), hub);
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('publishes unenriched, saying why in one line, when the role cannot be assumed — and asks STS again only a minute later', async () => {
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now);
    sts
      .on(AssumeRoleCommand)
      .rejects(awsError('AccessDenied', 'User: x is not authorized to perform: sts:AssumeRole', 403));

    await expect(notify(sampleEvent('pipeline-failed-other-account'), hub)).resolves.toMatchObject({
      published: true,
    });
    await notify(sampleEvent('pipeline-failed-other-account'), hub);

    expect(codepipeline.calls()).toEqual([]);
    expect(published().message.default.split('\n')[2]).toBe(
      `Not enriched: could not assume ${READER} (AccessDenied: User: x is not authorized to perform: sts:AssumeRole)`,
    );
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    clock.mockReturnValue(now + 61_000);
    await notify(sampleEvent('pipeline-failed-other-account'), hub);
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('never reads an event whose account it cannot tell with its own credentials', async () => {
    const event = { ...sampleEvent('pipeline-failed-other-account'), account: 'not-an-account' };

    await notify(event, hub);

    expect(codepipeline.calls()).toEqual([]);
    expect(sts.calls()).toEqual([]);
    expect(published().message.default).toContain(
      'Not enriched: the event does not name its account, so no role can be assumed to read it',
    );
  });

  it.each([
    ['2109876543210', 'eu-west-1'],
    ['../123456789012', 'eu-west-1'],
    ['123456789012:role/admin', 'eu-west-1'],
    [SPOKE, 'us-east-1.evil.example'],
    [SPOKE, 'evil.example/x?'],
  ])(
    'an event naming account %j in region %j assumes no other role, calls no other account with its own credentials and links no other host',
    async (account, region) => {
      const event = { ...sampleEvent('pipeline-failed-other-account'), account, region };

      await notify(event, hub);

      const assumed = sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input.RoleArn);
      expect(assumed.every((arn) => arn === READER)).toBe(true);
      // Every CodePipeline call is signed with the spoke's reader credentials, in a region name.
      for (const caller of await codepipelineCallers())
        expect(caller).toMatch(/^ASIA210987654321READ [a-z]{2}(-[a-z]+)+-\d{1,2}$/);
      const { message } = published();
      const hosts = [...JSON.stringify(message).matchAll(/https?:\/\/([^/?#"\\\s]+)/g)].map((m) => m[1]);
      expect(hosts.length).toBeGreaterThan(0);
      expect(hosts.every((host) => /(^|\.)console\.aws\.amazon\.com$/.test(host!))).toBe(true);
      expect(JSON.stringify(message)).not.toContain('evil.example');
    },
  );

  it('reads an event of its own account in another region with its own credentials, in that region', async () => {
    answerFromState();
    const event = { ...sampleEvent('pipeline-failed'), region: 'us-east-1' };

    await notify(event, hub);

    expect(sts.calls()).toEqual([]);
    expect(new Set(await codepipelineCallers())).toEqual(new Set(['test us-east-1']));
    expect(published().subject).toBe(
      '[FAILED] pipewright-prod (123456789012, us-east-1): Deploy / DeployApiCanary',
    );
  });

  it('keeps the messages of its own account and region as they were: no account named', async () => {
    answerFromState();

    await notify(sampleEvent('pipeline-failed'), hub);

    expect(sts.calls()).toEqual([]);
    expect(published().subject).toBe('[FAILED] pipewright-prod: Deploy / DeployApiCanary');
    expect(published().message.default).not.toContain('Account:');
  });
});
