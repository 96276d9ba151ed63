import * as z from 'zod';
import { setting } from '../../lib/config';
import { pipelineExecutionUrl, resourceArn } from '../links';
import type { EarlyVerdict, Nouns, Scope } from '../model';
import { caps, redact } from '../redact';
import type { FamilyConfig } from '../settings';
import { type Envelope, type FamilyNotification, eventTime, severityOf } from './define';
import { incidental } from './tolerant';

/**
 * The detail fields every CodePipeline event (pipeline, stage, action) has. Only the pipeline, the
 * execution id and the state are required; the others are {@link incidental}. `version` (the pipeline
 * structure version) arrives as a number (`16.0`) or a string (`"1"`) depending on the event.
 */
export const codepipelineDetail = z.object({
  pipeline: z.string().min(1),
  'execution-id': z.string().min(1),
  state: z.string().min(1),
  version: incidental(z.union([z.number(), z.string()])),
  'start-time': incidental(z.string()),
  'execution-trigger': incidental(
    z.object({ 'trigger-type': incidental(z.string()), 'trigger-detail': incidental(z.string()) }),
  ),
});

/** The notification fields every CodePipeline event fills in the same way. */
export function codepipelineNotification(
  envelope: Envelope,
  detail: z.output<typeof codepipelineDetail>,
  scope: Scope,
): FamilyNotification {
  const trigger = detail['execution-trigger'];
  const time = eventTime(envelope);
  const started = detail['start-time'] ? Date.parse(detail['start-time']) : Number.NaN;
  return {
    source: 'codepipeline',
    scope,
    resource: detail.pipeline,
    arn: resourceArn(envelope.region, 'codepipeline', envelope.account, detail.pipeline),
    state: detail.state,
    label: detail.state,
    severity: severityOf(detail.state),
    region: envelope.region,
    account: envelope.account,
    time,
    executionId: detail['execution-id'],
    pipelineExecutionId: detail['execution-id'],
    trigger: trigger?.['trigger-type']
      ? {
          type: trigger['trigger-type'],
          detail: redact(trigger['trigger-detail'] ?? '', caps.name) || undefined,
        }
      : undefined,
    durationMs: scope === 'pipeline' && started <= time ? time - started : undefined,
    failures: [],
    revisions: [],
    links: [
      {
        label: 'Pipeline execution',
        url: pipelineExecutionUrl(envelope.region, detail.pipeline, detail['execution-id']),
      },
    ],
    facts: [],
  };
}

/** What every CodePipeline family calls its resource and its run. */
export const codepipelineNouns: Nouns = { resource: 'Pipeline', run: 'execution' };

/**
 * The parameter of the stage and action families: `include-stage-and-action-events` (default
 * `false`) also sends stage/action failures on their own; they are always folded into the pipeline's
 * notification, which fetches the failed actions itself.
 */
export const stageAndActionSettings = { includeStageAndActionEvents: setting.boolean(false) };

/** The stage and action families' rule: folded into the pipeline's notification unless asked for, then failures only. */
export function stageAndActionSkip(
  n: FamilyNotification,
  config: FamilyConfig<typeof stageAndActionSettings>,
): EarlyVerdict {
  if (!config.includeStageAndActionEvents) return 'folded-into-pipeline';
  return n.severity === 'critical' ? undefined : 'state-not-notified';
}
