import type { ParameterType } from '@aws-sdk/client-ssm';
import { GetParametersByPathCommand } from '@aws-sdk/client-ssm';
import fc from 'fast-check';
import { clearConfigCache } from '../../../functions/lib/config';
import { logger } from '../../../functions/lib/observability';
import { defaultNotifierConfig, loadNotifierConfig } from '../../../functions/notifier/config';
import { notify } from '../../../functions/notifier/notify';
import { earlyVerdict } from '../../../functions/notifier/rules';
import { findSource } from '../../../functions/notifier/sources';
import { PIPELINE_STATES } from '../../../functions/notifier/sources/pipeline-execution';
import { answerFromState, published, sampleEvent, ssm } from './fixtures';

const param = (name: string, Value: string, Type: ParameterType = 'String') => ({
  Name: `/pipewright/test/notifier/${name}`,
  Value,
  Type,
});

const saved = process.env.PIPEWRIGHT_CONFIG_PATH;

describe('notifier configuration', () => {
  beforeEach(() => {
    clearConfigCache();
    process.env.PIPEWRIGHT_CONFIG_PATH = '/pipewright/test/';
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.PIPEWRIGHT_CONFIG_PATH;
    else process.env.PIPEWRIGHT_CONFIG_PATH = saved;
  });

  it('has the documented keys and defaults (docs/notifier.md), shared and per family', () => {
    expect(defaultNotifierConfig()).toEqual({
      notifyOnPipelineStates: ['FAILED', 'STOPPED'],
      notifyRecovery: true,
      includeStageAndActionEvents: false,
      notifyOnBuildStates: ['FAILED', 'FAULT', 'TIMED_OUT'],
      notifyPipelineBuilds: false,
      notifyOnDeploymentStates: ['FAILURE', 'STOP'],
      includeResources: [],
      ignoreResources: [],
      chatThreadPerExecution: true,
    });
  });

  it("reads only the notifier's section, not the other functions' parameters", async () => {
    answerFromState([
      { Name: '/pipewright/test/notifier/notify-on-build-states', Value: 'FAILED', Type: 'StringList' },
      { Name: '/pipewright/test/deploy-hook/apps/orders-api', Value: '{"alarms":[]}' },
    ]);

    const { config } = await loadNotifierConfig();

    expect(ssm).toHaveReceivedCommandTimes(GetParametersByPathCommand, 1);
    expect(ssm).toHaveReceivedCommandWith(GetParametersByPathCommand, { Path: '/pipewright/test/notifier' });
    expect(config.notifyOnBuildStates).toEqual(['FAILED']);
  });

  it('reads the section under the root when the configuration path is /', async () => {
    process.env.PIPEWRIGHT_CONFIG_PATH = '/';
    answerFromState([{ Name: '/notifier/notify-recovery', Value: 'false' }]);

    const { config } = await loadNotifierConfig();

    expect(ssm).toHaveReceivedCommandWith(GetParametersByPathCommand, { Path: '/notifier' });
    expect(config.notifyRecovery).toBe(false);
  });
});

describe('notifier configuration problems', () => {
  const savedTopic = process.env.NOTIFICATION_TOPIC_ARN;
  beforeEach(() => {
    clearConfigCache();
    process.env.PIPEWRIGHT_CONFIG_PATH = '/pipewright/test/';
    process.env.NOTIFICATION_TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:NotificationTopic';
  });
  afterEach(() => {
    jest.restoreAllMocks();
    if (savedTopic === undefined) delete process.env.NOTIFICATION_TOPIC_ARN;
    else process.env.NOTIFICATION_TOPIC_ARN = savedTopic;
    if (saved === undefined) delete process.env.PIPEWRIGHT_CONFIG_PATH;
    else process.env.PIPEWRIGHT_CONFIG_PATH = saved;
  });

  it('still notifies a FAILED pipeline when notify-on-pipeline-states is misspelled, and says so in the notification', async () => {
    answerFromState([param('notify-on-pipeline-states', 'FAILD', 'StringList')]);

    const outcome = await notify(sampleEvent('pipeline-failed'));

    expect(outcome).toMatchObject({ published: true });
    const { message } = published();
    const line =
      'Configuration problem: /pipewright/test/notifier/notify-on-pipeline-states (entry 1): expected one of "CANCELED", "FAILED", "RESUMED", "STARTED", "STOPPED", "STOPPING", "SUCCEEDED", "SUPERSEDED", got "FAILD"; no valid entry is left, so the default (FAILED,STOPPED) is used';
    expect(message.default.split('\n')[1]).toBe(line);
    expect(JSON.parse(message.https).content.description).toContain(
      `*Configuration problem:* ${line.slice('Configuration problem: '.length)}`,
    );
  });

  it('drops only the unknown entries of a state list', async () => {
    answerFromState([param('notify-on-build-states', 'FAILED,TIMEDOUT', 'StringList')]);

    const { config, problem } = await loadNotifierConfig();

    expect(config.notifyOnBuildStates).toEqual(['FAILED']);
    expect(problem).toContain(
      'notify-on-build-states (entry 2): expected one of "FAILED", "FAULT", "IN_PROGRESS", "STOPPED", "SUCCEEDED", "TIMED_OUT", got "TIMEDOUT"',
    );
  });

  it('respects a valid value that leaves out FAILED: no notification, no problem', async () => {
    answerFromState([param('notify-on-pipeline-states', 'STOPPED', 'StringList')]);

    await expect(loadNotifierConfig()).resolves.toMatchObject({
      config: { notifyOnPipelineStates: ['STOPPED'] },
      problem: undefined,
    });
    await expect(notify(sampleEvent('pipeline-failed'))).resolves.toEqual({
      published: false,
      reason: 'state-not-notified',
    });
  });

  it('falls back to the default of a bad boolean only, naming the parameter, expected and seen', async () => {
    answerFromState([param('notify-recovery', 'sometimes'), param('notify-on-deployment-states', 'FAILURE')]);

    const { config, problem } = await loadNotifierConfig();

    expect(config).toMatchObject({ notifyRecovery: true, notifyOnDeploymentStates: ['FAILURE'] });
    expect(problem).toBe(
      '/pipewright/test/notifier/notify-recovery: expected true or false, got "sometimes"; the default (true) is used',
    );
  });

  it('reports a misspelled key with a WARN naming it, and in the notification', async () => {
    const warn = jest.spyOn(logger, 'warn');
    answerFromState([param('notify-on-pipline-states', 'FAILED,SUCCEEDED')]);

    const { config, problem } = await loadNotifierConfig();

    expect(config.notifyOnPipelineStates).toEqual(['FAILED', 'STOPPED']);
    expect(problem).toMatch(
      /^\/pipewright\/test\/notifier\/notify-on-pipline-states: unknown parameter, ignored \(expected one of: notify-on-pipeline-states, /,
    );
    expect(warn).toHaveBeenCalledWith(
      `Configuration problem: ${problem}`,
      expect.objectContaining({ parameter: '/pipewright/test/notifier/notify-on-pipline-states' }),
    );
  });

  it('never shows the value of a SecureString parameter', async () => {
    answerFromState([param('notify-recovery', 'hunter2hunter2', 'SecureString')]);

    const { problem } = await loadNotifierConfig();

    expect(problem).toContain('got text of 14 characters (not shown)');
    expect(problem).not.toContain('hunter2');
  });

  it('uses every default, and says why, when a name reaches for a prototype', async () => {
    answerFromState([param('__proto__/notify-recovery', 'false')]);

    const { config, problem } = await loadNotifierConfig();

    expect(config).toEqual(defaultNotifierConfig());
    expect(problem).toContain('the name segment "__proto__" is not allowed');
    expect(Object.hasOwn(Object.prototype, 'notifyRecovery')).toBe(false);
  });
});

describe('event family rules', () => {
  it('applies the resource filters before the family rule', () => {
    const event = sampleEvent('codebuild-failed');
    const family = findSource(event)!;
    const n = family.parse(event);
    const config = { ...defaultNotifierConfig(), ignoreResources: [n.resource] };

    expect(family.earlySkip(n, defaultNotifierConfig())).toBeUndefined();
    expect(earlyVerdict(n, family, config)).toBe('filtered-resource');
  });

  it('gives each family its own words for headlines', () => {
    const nouns = ['pipeline-failed', 'stage-failed', 'codebuild-failed', 'codedeploy-failed'].map(
      (name) => findSource(sampleEvent(name))!.parse(sampleEvent(name)).nouns,
    );

    expect(nouns).toEqual([
      { resource: 'Pipeline', run: 'execution' },
      { resource: 'Pipeline', run: 'execution' },
      { resource: 'CodeBuild project', run: 'build' },
      { resource: 'CodeDeploy application', run: 'deployment' },
    ]);
  });

  it('lets a pipeline success through only to be announced as a recovery when it is not listed', () => {
    const event = sampleEvent('pipeline-succeeded');
    const family = findSource(event)!;
    const n = family.parse(event);

    expect(family.earlySkip(n, defaultNotifierConfig())).toBe('unless-recovery');
    expect(
      family.earlySkip(n, { ...defaultNotifierConfig(), notifyOnPipelineStates: ['SUCCEEDED'] }),
    ).toBeUndefined();
    expect(family.earlySkip(n, { ...defaultNotifierConfig(), notifyRecovery: false })).toBe(
      'state-not-notified',
    );
  });
});

describe('notifier configuration over generated values', () => {
  const STATES: readonly string[] = PIPELINE_STATES;
  const entry = fc.oneof(
    fc.constantFrom(...STATES, 'FAILD', 'failed', ' FAILED ', ''),
    fc.string({ maxLength: 8 }),
  );
  const value = fc.oneof(
    fc.array(entry, { minLength: 1, maxLength: 4 }).map((entries) => entries.join(',')),
    fc.array(entry, { maxLength: 3 }).map((entries) => JSON.stringify(entries)),
    fc.string({ minLength: 1, maxLength: 12 }),
  );
  beforeEach(() => {
    process.env.PIPEWRIGHT_CONFIG_PATH = '/pipewright/test/';
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.PIPEWRIGHT_CONFIG_PATH;
    else process.env.PIPEWRIGHT_CONFIG_PATH = saved;
  });

  it('notifies a FAILED pipeline unless a valid notify-on-pipeline-states leaves it out, and says when a value was not used', async () => {
    const event = sampleEvent('pipeline-failed');
    const family = findSource(event)!;
    const n = family.parse(event);
    await fc.assert(
      fc.asyncProperty(value, fc.constantFrom('String', 'StringList', 'SecureString'), async (raw, type) => {
        clearConfigCache();
        answerFromState([param('notify-on-pipeline-states', raw, type)]);

        const { config, problem } = await loadNotifierConfig();

        const trimmed = raw.trim();
        let entries: unknown;
        try {
          entries = trimmed.startsWith('[')
            ? JSON.parse(trimmed)
            : trimmed === ''
              ? []
              : trimmed.split(',').map((e) => e.trim());
        } catch {
          entries = raw;
        }
        const list = Array.isArray(entries) ? entries : undefined;
        const valid = list?.filter((e) => STATES.includes(e as string));
        const expected = list && (valid!.length > 0 || list.length === 0) ? valid : ['FAILED', 'STOPPED'];
        expect(config.notifyOnPipelineStates).toEqual(expected);
        expect(problem !== undefined).toBe(!list || valid!.length !== list.length);
        expect(earlyVerdict(n, family, config) === undefined).toBe(expected!.includes('FAILED'));
        // A SecureString's entries are never quoted back, only described (type and length).
        if (type === 'SecureString' && problem) expect(problem).not.toMatch(/got "|, "[^"]*"; /);
      }),
      { numRuns: 200 },
    );
  });
});
