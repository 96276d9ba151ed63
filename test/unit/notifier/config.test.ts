import type { ParameterType } from '@aws-sdk/client-ssm';
import { GetParametersByPathCommand } from '@aws-sdk/client-ssm';
import fc from 'fast-check';
import * as z from 'zod';
import { listSetting } from '../../../functions/lib/config-schema';
import { clearConfigCache } from '../../../functions/lib/config';
import { logger, metrics } from '../../../functions/lib/observability';
import {
  defaultNotifierConfig,
  loadNotifierConfig,
  notifierConfigSchema,
} from '../../../functions/notifier/config';
import { isDelivery } from '../../../functions/notifier/delivery';
import { notify } from '../../../functions/notifier/notify';
import { earlyVerdict } from '../../../functions/notifier/rules';
import { findSource, sources } from '../../../functions/notifier/sources';
import { PIPELINE_STATES } from '../../../functions/notifier/sources/pipeline-execution';
import { blankText, listEntries } from '../../support/list-values';
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
      accountAliases: {},
      productionPipelines: ['*'],
      productionStage: '',
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

  it('leaves the chat channels below its section alone: never read, decrypted nor reported as unknown', async () => {
    answerFromState([
      { Name: '/pipewright/test/notifier/notify-recovery', Value: 'false' },
      { Name: '/pipewright/test/notifier/channels/ci/type', Value: 'slack' },
      {
        Name: '/pipewright/test/notifier/channels/ci/webhook-url',
        Value: 'https://hooks.slack.com/services/T0/B0/x',
        Type: 'SecureString',
      },
    ]);

    const { config, problem } = await loadNotifierConfig();

    expect(ssm).toHaveReceivedCommandWith(GetParametersByPathCommand, {
      Path: '/pipewright/test/notifier',
      Recursive: false,
    });
    expect(config.notifyRecovery).toBe(false);
    expect(problem).toBeUndefined();
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

  it.each([
    ['notify-on-pipeline-states', ' ', 'pipeline-failed', 'FAILED,STOPPED'],
    ['notify-on-pipeline-states', '[]', 'pipeline-failed', 'FAILED,STOPPED'],
    ['notify-on-build-states', '\t', 'codebuild-failed', 'FAILED,FAULT,TIMED_OUT'],
    ['notify-on-deployment-states', ' [ ] ', 'codedeploy-failed', 'FAILURE,STOP'],
    ['include-resources', ',', 'pipeline-failed', 'an empty list'],
    ['ignore-resources', '[""]', 'pipeline-failed', 'an empty list'],
  ])(
    'still notifies when %s holds no entry (%j): the default applies, with a WARN, a ConfigWarning metric and the problem line',
    async (name, value, sample, fallback) => {
      const warn = jest.spyOn(logger, 'warn');
      const metric = { addDimension: jest.fn(), addMetric: jest.fn() };
      jest.spyOn(metrics, 'singleMetric').mockReturnValue(metric as never);
      answerFromState([param(name, value, 'StringList')]);

      await expect(notify(sampleEvent(sample))).resolves.toMatchObject({ published: true });

      const [, second] = published().message.default.split('\n');
      expect(second).toMatch(
        new RegExp(
          `^Configuration problem: /pipewright/test/notifier/${name}\\b.*the default \\(${fallback}\\) is used$`,
        ),
      );
      expect(warn).toHaveBeenCalledWith(
        `Configuration problem: ${second!.slice('Configuration problem: '.length)}`,
        expect.objectContaining({ parameter: `/pipewright/test/notifier/${name}` }),
      );
      expect(metric.addMetric).toHaveBeenCalledWith('ConfigWarning', 'Count', 1);
    },
  );

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
    // A name directly under the section: deeper ones are never read (the section is read non-recursively).
    answerFromState([param('__proto__', 'false')]);

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
  const shape = notifierConfigSchema.unwrap().shape as Record<string, z.ZodType>;
  /** Every list-valued key of the notifier's section (shared and per family), with the entries it accepts. */
  const listKeys = Object.keys(shape).flatMap((key) => {
    const list = listSetting(shape[key]!);
    if (!list) return [];
    const states = list.entry instanceof z.ZodEnum ? (list.entry.options as string[]) : undefined;
    return [{ key, name: key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), states }];
  });
  /** The failure each key is about: its family's failed sample event (a shared key: the pipeline's). */
  const FAILED_SAMPLE: Record<string, string> = {
    'codepipeline-pipeline': 'pipeline-failed',
    'codebuild-build': 'codebuild-failed',
    'codedeploy-deployment': 'codedeploy-failed',
  };
  const failedSampleFor = (key: string) =>
    FAILED_SAMPLE[sources.find((source) => Object.hasOwn(source.settings, key))?.name ?? ''] ??
    'pipeline-failed';

  const entry = (states: string[] | undefined) =>
    fc.oneof(
      fc.constantFrom(...(states ?? ['pipewright-prod', 'pipewright-*', '*', 'other-*']), 'FAILD', 'failed'),
      fc.constantFrom(' FAILED ', '', ' ', '\t'),
      fc.string({ maxLength: 8 }),
    );
  const value = (states: string[] | undefined) =>
    fc.oneof(
      fc.array(entry(states), { minLength: 1, maxLength: 4 }).map((entries) => entries.join(',')),
      fc.array(entry(states), { maxLength: 3 }).map((entries) => JSON.stringify(entries)),
      // Nothing at all: " ", "\t\n", "[]", " [ ] "... (Parameter Store refuses only the empty string).
      blankText.map((b) => b || ' '),
      fc.tuple(blankText, blankText).map(([outside, inside]) => `${outside}[${inside}]${outside}`),
      fc.string({ minLength: 1, maxLength: 12 }),
    );

  const wildcard = (pattern: string, text: string) =>
    new RegExp(
      `^${pattern
        .split('*')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    ).test(text);

  beforeEach(() => {
    process.env.PIPEWRIGHT_CONFIG_PATH = '/pipewright/test/';
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.PIPEWRIGHT_CONFIG_PATH;
    else process.env.PIPEWRIGHT_CONFIG_PATH = saved;
  });

  it('covers every list-valued key of the section', () => {
    expect(listKeys.map((k) => k.name).sort()).toEqual([
      'ignore-resources',
      'include-resources',
      'notify-on-build-states',
      'notify-on-deployment-states',
      'notify-on-pipeline-states',
      'production-pipelines',
    ]);
    expect(listKeys.find((k) => k.key === 'notifyOnPipelineStates')?.states).toEqual([...PIPELINE_STATES]);
  });

  it.each(listKeys.map((k) => [k.name, k]))(
    'notifies a failure unless a valid, non-empty %s leaves it out, and says when a value was not used',
    async (_name, { key, name, states }) => {
      const event = sampleEvent(failedSampleFor(key));
      const family = findSource(event)!;
      const n = family.parse(event);
      const fallback = (defaultNotifierConfig() as Record<string, unknown>)[key];
      await fc.assert(
        fc.asyncProperty(
          value(states),
          fc.constantFrom('String', 'StringList', 'SecureString'),
          async (raw, type) => {
            clearConfigCache();
            answerFromState([param(name, raw, type as ParameterType)]);

            const { config, problem } = await loadNotifierConfig();

            const entries = listEntries(raw);
            const valid = (entries ?? []).filter(
              (e): e is string => typeof e === 'string' && (states ? states.includes(e) : e !== ''),
            ) as string[];
            const used = valid.length > 0 ? valid : (fallback as string[]);
            expect((config as Record<string, unknown>)[key]).toEqual(used);
            // A value is the user's choice only when every entry is valid and there is at least one.
            expect(problem !== undefined).toBe(
              !entries || valid.length === 0 || valid.length !== entries.length,
            );
            if (problem) expect(problem.startsWith(`/pipewright/test/notifier/${name}`)).toBe(true);
            const notified =
              key === 'includeResources'
                ? used.length === 0 || used.some((p) => wildcard(p, n.resource))
                : key === 'ignoreResources'
                  ? !used.some((p) => wildcard(p, n.resource))
                  : used.includes(n.state);
            if (key === 'productionPipelines') {
              // Which pipelines are production never silences a notification: it decides what the delivery metrics count.
              expect(earlyVerdict(n, family, config)).toBeUndefined();
              expect(isDelivery(n, family, config)).toBe(used.some((p) => wildcard(p, n.resource)));
            } else expect(earlyVerdict(n, family, config) === undefined).toBe(notified);
            // A SecureString's entries are never quoted back, only described (type and length).
            if (type === 'SecureString' && problem) expect(problem).not.toMatch(/got "|, "[^"]*"; /);
          },
        ),
        { numRuns: 120 },
      );
    },
  );
});
