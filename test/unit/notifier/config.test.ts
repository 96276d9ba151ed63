import { GetParametersByPathCommand } from '@aws-sdk/client-ssm';
import { clearConfigCache } from '../../../functions/lib/config';
import { defaultNotifierConfig, loadNotifierConfig } from '../../../functions/notifier/config';
import { earlyVerdict } from '../../../functions/notifier/rules';
import { findSource } from '../../../functions/notifier/sources';
import { answerFromState, sampleEvent, ssm } from './fixtures';

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

    const config = await loadNotifierConfig();

    expect(ssm).toHaveReceivedCommandTimes(GetParametersByPathCommand, 1);
    expect(ssm).toHaveReceivedCommandWith(GetParametersByPathCommand, { Path: '/pipewright/test/notifier' });
    expect(config.notifyOnBuildStates).toEqual(['FAILED']);
  });

  it('reads the section under the root when the configuration path is /', async () => {
    process.env.PIPEWRIGHT_CONFIG_PATH = '/';
    answerFromState([{ Name: '/notifier/notify-recovery', Value: 'false' }]);

    const config = await loadNotifierConfig();

    expect(ssm).toHaveReceivedCommandWith(GetParametersByPathCommand, { Path: '/notifier' });
    expect(config.notifyRecovery).toBe(false);
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
