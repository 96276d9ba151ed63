import { GetParametersByPathCommand } from '@aws-sdk/client-ssm';
import { loadChannels } from '../../../functions/chat-delivery/channels';
import { logger } from '../../../functions/lib/observability';
import { answerChannels, channel, ssm } from './fixtures';

const SLACK = 'https://hooks.slack.com/services/T0PIPEWRT/B0INCIDENTS/s3cr3tT0kenValue';

describe('chat channels (notifier/channels/<name>/…)', () => {
  let parameters: ReturnType<typeof channel> = [];
  beforeEach(() => answerChannels(() => parameters));

  it('reads only the channels, below notifier/channels, with their webhook URLs decrypted', async () => {
    parameters = [
      ...channel('incidents', {
        type: 'slack',
        'webhook-url': SLACK,
        severities: 'critical',
        resources: '*-prod',
      }),
      { Name: '/pipewright/test/notifier/notify-recovery', Value: 'false', Type: 'String' },
    ];

    const { channels, broken } = await loadChannels();

    expect(ssm).toHaveReceivedCommandTimes(GetParametersByPathCommand, 1);
    expect(ssm).toHaveReceivedCommandWith(GetParametersByPathCommand, {
      Path: '/pipewright/test/notifier/channels',
      Recursive: true,
      WithDecryption: true,
    });
    expect(broken).toEqual([]);
    expect(channels).toEqual([
      {
        name: 'incidents',
        platform: expect.objectContaining({ name: 'slack' }),
        webhook: new URL(SLACK),
        filters: {
          sources: [],
          severities: ['critical'],
          states: [],
          resources: ['*-prod'],
          ignoreResources: [],
        },
      },
    ]);
  });

  it('has no channel when nothing is configured (the default install)', async () => {
    parameters = [];

    expect(await loadChannels()).toEqual({ channels: [], broken: [] });
  });

  it.each([
    [
      'without a type',
      { 'webhook-url': SLACK },
      /channels\/ci\/type: is missing \(expected one of slack, teams, google-chat\)/,
    ],
    [
      'of an unknown type',
      { type: 'slak', 'webhook-url': SLACK },
      /channels\/ci\/type: not valid \(expected one of slack, teams, google-chat\)/,
    ],
    ['without a webhook URL', { type: 'teams' }, /channels\/ci\/webhook-url: is missing/],
    [
      'whose webhook URL is no URL',
      { type: 'slack', 'webhook-url': 's3cr3t' },
      /webhook-url: is not an https URL \(6 characters, not shown\)/,
    ],
    [
      'whose webhook URL is plain http',
      { type: 'slack', 'webhook-url': SLACK.replace('https', 'http') },
      /webhook-url: must use https/,
    ],
  ])(
    'counts a channel %s as broken, naming the parameter and never the URL',
    async (_case, settings, problem) => {
      parameters = [...channel('ci', settings), ...channel('ok', { type: 'slack', 'webhook-url': SLACK })];

      const { channels, broken } = await loadChannels();

      expect(channels.map((c) => c.name)).toEqual(['ok']);
      expect(broken).toEqual([expect.stringMatching(problem)]);
      expect(broken.join()).not.toMatch(/s3cr3t/);
    },
  );

  it('counts a webhook URL stored as a plain String as broken: it is a credential', async () => {
    parameters = channel('ci', { type: 'slack', 'webhook-url': SLACK }).map((p) => ({
      ...p,
      Type: 'String',
    }));

    const { channels, broken } = await loadChannels();

    expect(channels).toEqual([]);
    expect(broken).toEqual([
      '/pipewright/test/notifier/channels/ci/webhook-url: must be a SecureString (a webhook URL is a credential)',
    ]);
  });

  it('reads the channels afresh, not from the cache, while one is broken (a channel being set up)', async () => {
    parameters = channel('ci', { type: 'slack' });
    expect((await loadChannels()).broken).toHaveLength(1);

    parameters = channel('ci', { type: 'slack', 'webhook-url': SLACK });
    const { channels, broken } = await loadChannels();

    expect(broken).toEqual([]);
    expect(channels.map((c) => c.name)).toEqual(['ci']);
  });

  it('drops an unknown filter entry and ignores an unknown parameter, saying so, and keeps the channel', async () => {
    const warn = jest.spyOn(logger, 'warn');
    parameters = channel('ci', {
      type: 'teams',
      'webhook-url': SLACK,
      severities: 'critical,loud',
      colour: 'red',
    });

    const { channels, broken } = await loadChannels();

    expect(broken).toEqual([]);
    expect(channels[0]!.filters.severities).toEqual(['critical']);
    const warned = warn.mock.calls.map(([message]) => String(message));
    expect(warned).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/channels\/ci\/colour: unknown parameter, ignored/),
        expect.stringMatching(
          /channels\/ci\/severities \(entry 2\): expected one of .*got "loud"; it is ignored/,
        ),
      ]),
    );
  });
});
