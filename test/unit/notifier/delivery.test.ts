import { GetPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { PublishCommand } from '@aws-sdk/client-sns';
import { clearConfigCache } from '../../../functions/lib/config';
import { metrics } from '../../../functions/lib/observability';
import { defaultNotifierConfig } from '../../../functions/notifier/config';
import { deliveryFigures, isDelivery } from '../../../functions/notifier/delivery';
import type { Notification } from '../../../functions/notifier/model';
import { notify } from '../../../functions/notifier/notify';
import { findSource } from '../../../functions/notifier/sources';
import { awsError } from '../../support/aws-error';
import { answerFromState, codepipeline, sampleEvent, sns } from './fixtures';

const config = (overrides: Partial<ReturnType<typeof defaultNotifierConfig>> = {}) => ({
  ...defaultNotifierConfig(),
  ...overrides,
});
const parsed = (name: string) => {
  const event = sampleEvent(name);
  return { n: findSource(event)!.parse(event), family: findSource(event)! };
};
const param = (name: string, Value: string) => ({ Name: `/pipewright/test/notifier/${name}`, Value });

/** The delivery metrics notify emitted, as `Name=value Pipeline/Account` (every other singleMetric ignored). */
function emitted(): string[] {
  const lines: string[] = [];
  jest.spyOn(metrics, 'singleMetric').mockImplementation(() => {
    const dimensions: Record<string, string> = {};
    return {
      addDimension: (name: string, value: string) => (dimensions[name] = value),
      addMetric: (name: string, _unit: string, value: number) => {
        if (dimensions.Pipeline) lines.push(`${name}=${value} ${dimensions.Pipeline}/${dimensions.Account}`);
      },
    } as never;
  });
  return lines;
}

describe('delivery metrics (the four keys)', () => {
  beforeEach(() => {
    clearConfigCache();
    process.env.PIPEWRIGHT_CONFIG_PATH = '/pipewright/test/';
    process.env.NOTIFICATION_TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:NotificationTopic';
    answerFromState();
  });

  describe('isDelivery', () => {
    it('counts the end (SUCCEEDED or FAILED) of a pipeline execution of every pipeline by default', () => {
      for (const name of ['pipeline-failed', 'pipeline-recovered', 'pipeline-succeeded']) {
        const { n, family } = parsed(name);
        expect(`${name}: ${isDelivery(n, family, config())}`).toBe(`${name}: true`);
      }
    });

    it('does not count stops, stages, actions, builds or deployments', () => {
      for (const name of [
        'pipeline-stopped',
        'stage-failed',
        'action-failed-with-execution-result',
        'codebuild-failed',
        'codedeploy-failed',
      ]) {
        const { n, family } = parsed(name);
        expect(`${name}: ${isDelivery(n, family, config())}`).toBe(`${name}: false`);
      }
    });

    it('counts only the pipelines production-pipelines names', () => {
      const { n, family } = parsed('pipeline-failed');
      expect(isDelivery(n, family, config({ productionPipelines: ['*-prod'] }))).toBe(true);
      expect(isDelivery(n, family, config({ productionPipelines: ['orders-*'] }))).toBe(false);
    });
  });

  describe('deliveryFigures', () => {
    const base = () => parsed('pipeline-recovered').n;
    const at = (iso: string) => Date.parse(iso);

    it('gives a successful execution a deployment, no change failure, and its lead time from the newest revision', () => {
      const n: Notification = {
        ...base(),
        revisions: [
          { id: 'a', time: at('2026-05-12T11:30:00Z') },
          { id: 'b', time: at('2026-05-12T10:00:00Z') },
        ],
      };

      expect(deliveryFigures(n, config()).map((f) => `${f.name}=${f.value} ${f.unit}`)).toEqual([
        'Deployment=1 Count',
        'ChangeFailure=0 None',
        'LeadTimeForChanges=483 Seconds',
      ]);
    });

    it('gives a recovery its time to restore, from the first failed run of the streak', () => {
      const n: Notification = {
        ...base(),
        previous: {
          executionId: 'x',
          status: 'Failed',
          redSince: at('2026-05-12T09:12:32Z'),
          failures: [{ stage: 'Deploy' }],
        },
      };

      expect(deliveryFigures(n, config())).toContainEqual({
        name: 'TimeToRestore',
        unit: 'Seconds',
        value: 8731,
      });
      expect(deliveryFigures(n, config({ productionStage: 'Build' })).map((f) => f.name)).not.toContain(
        'TimeToRestore',
      );
    });

    it('gives a failed execution a failed deployment and a change failure — only where production-stage says, when set', () => {
      const n: Notification = { ...parsed('pipeline-failed').n, failures: [{ stage: 'Deploy' }] };

      expect(deliveryFigures(n, config()).map((f) => `${f.name}=${f.value}`)).toEqual([
        'FailedDeployment=1',
        'ChangeFailure=1',
      ]);
      expect(deliveryFigures(n, config({ productionStage: 'Deploy' }))).toHaveLength(2);
      expect(deliveryFigures(n, config({ productionStage: 'Production' }))).toEqual([]);
      expect(deliveryFigures({ ...n, failures: [] }, config({ productionStage: 'Production' }))).toHaveLength(
        2,
      );
    });

    it('gives no lead time without a revision time, or with one after the event (clock skew)', () => {
      const names = (revisions: Notification['revisions']) =>
        deliveryFigures({ ...base(), revisions }, config()).map((f) => f.name);
      expect(names([{ id: 'a' }])).toEqual(['Deployment', 'ChangeFailure']);
      expect(names([{ id: 'a', time: at('2026-05-12T12:00:00Z') }])).toEqual(['Deployment', 'ChangeFailure']);
    });

    it('makes the average of ChangeFailure the change failure rate: failed / ended deployments', () => {
      const ended = [
        'pipeline-failed',
        'pipeline-recovered',
        'pipeline-failed',
        'pipeline-recovered',
        'pipeline-recovered',
      ];
      const values = ended.flatMap((name) =>
        deliveryFigures(parsed(name).n, config())
          .filter((f) => f.name === 'ChangeFailure')
          .map((f) => f.value),
      );
      expect(values.reduce((a, b) => a + b, 0) / values.length).toBe(2 / 5);
    });
  });

  describe('notify', () => {
    it('counts a recovery with its four keys, with the dimensions Pipeline and Account', async () => {
      const lines = emitted();

      await notify(sampleEvent('pipeline-recovered'));

      expect(lines).toEqual([
        'Deployment=1 pipewright-prod/123456789012',
        'ChangeFailure=0 pipewright-prod/123456789012',
        'LeadTimeForChanges=483 pipewright-prod/123456789012',
        'TimeToRestore=8731 pipewright-prod/123456789012',
      ]);
    });

    it('counts a success after a success, which notifies nobody', async () => {
      const lines = emitted();

      await expect(notify(sampleEvent('pipeline-succeeded'))).resolves.toMatchObject({
        reason: 'success-after-success',
      });
      expect(lines).toContain('Deployment=1 pipewright-dev/123456789012');
    });

    it('counts a pipeline the resource filters leave out: metrics follow production-pipelines, not the noise rules', async () => {
      answerFromState([param('ignore-resources', 'pipewright-*')]);
      const lines = emitted();

      await expect(notify(sampleEvent('pipeline-recovered'))).resolves.toEqual({
        published: false,
        reason: 'filtered-resource',
      });
      expect(codepipeline).toHaveReceivedCommandWith(GetPipelineExecutionCommand, {
        pipelineName: 'pipewright-prod',
      });
      expect(lines).toContain('TimeToRestore=8731 pipewright-prod/123456789012');
    });

    it('counts nothing when the invocation fails (Lambda retries it: the retry counts it once)', async () => {
      sns.on(PublishCommand).rejects(awsError('InternalError', 'SNS is down', 500));
      const lines = emitted();

      await expect(notify(sampleEvent('pipeline-failed'))).rejects.toThrow('SNS is down');

      expect(lines).toEqual([]);
    });

    it('counts nothing for a pipeline production-pipelines leaves out, and still notifies it', async () => {
      answerFromState([param('production-pipelines', 'orders-*')]);
      const lines = emitted();

      await expect(notify(sampleEvent('pipeline-failed'))).resolves.toMatchObject({ published: true });

      expect(lines).toEqual([]);
    });
  });
});
