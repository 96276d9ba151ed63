import * as z from 'zod';
import { setting } from '../../lib/config';
import { codebuildBuildUrl, resourceArn } from '../links';
import type { Failure, Link } from '../model';
import { caps, codebuildSecretValues, redact, redactOptional } from '../redact';
import { unlessListed } from '../rules';
import { defineSource, eventTime, severityOf } from './define';

const phase = z.object({
  'phase-type': z.string(),
  'phase-status': z.string().optional(),
  'phase-context': z.array(z.string()).optional(),
  'duration-in-seconds': z.number().optional(),
});

const additionalInformation = z.object({
  initiator: z.string().optional(),
  'build-start-time': z.string().optional(),
  'source-version': z.string().optional(),
  logs: z.object({ 'deep-link': z.string().optional() }).optional(),
  phases: z.array(phase).optional(),
  // Only read to scrub their values from other fields; never stored, forwarded or logged.
  environment: z
    .object({
      'environment-variables': z
        .array(z.object({ name: z.string(), type: z.string().optional(), value: z.string().optional() }))
        .optional(),
    })
    .optional(),
});

/**
 * The build statuses CodeBuild reports (`build-status` of the event; `StatusType` of the API):
 * `notify-on-build-states` entries must be among them.
 */
const BUILD_STATES = ['FAILED', 'FAULT', 'IN_PROGRESS', 'STOPPED', 'SUCCEEDED', 'TIMED_OUT'] as const;

/**
 * `CodeBuild Build State Change`: a build finished (or started). The failed phases, with their
 * context messages, become the failures; the initiator says who started it (`codepipeline/<name>`
 * for a pipeline's build). PLAINTEXT environment variable values ({@link codebuildSecretValues}) are
 * used only to scrub them out of phase messages. `notify-on-build-states` (default
 * `FAILED,FAULT,TIMED_OUT`) says which states notify; builds a pipeline started are left to the
 * pipeline's notification unless `notify-pipeline-builds` (default `false`).
 */
export const codebuildBuild = defineSource({
  name: 'codebuild-build',
  source: 'aws.codebuild',
  detailType: 'CodeBuild Build State Change',
  detail: z.object({
    'build-status': z.string().min(1),
    'project-name': z.string().min(1),
    'build-id': z.string().min(1),
    'current-phase': z.string().optional(),
    'additional-information': additionalInformation.default({}),
  }),
  nouns: { resource: 'CodeBuild project', run: 'build' },
  enrichers: [],
  settings: {
    notifyOnBuildStates: setting.list(['FAILED', 'FAULT', 'TIMED_OUT'], { of: BUILD_STATES }),
    notifyPipelineBuilds: setting.boolean(false),
  },
  earlySkip: (n, config) => {
    const skip = unlessListed(config.notifyOnBuildStates, n);
    if (skip || config.notifyPipelineBuilds) return skip;
    return n.trigger?.type.startsWith('codepipeline/') ? 'started-by-pipeline' : undefined;
  },
  build: (envelope, detail) => {
    const info = detail['additional-information'];
    // Values already shown as the project name are not secrets (and scrubbing them would garble it).
    const secrets = codebuildSecretValues(
      info.environment?.['environment-variables'] ?? [],
      detail['project-name'],
    );
    const failures: Failure[] = (info.phases ?? [])
      .filter((p) => p['phase-status'] && p['phase-status'] !== 'SUCCEEDED')
      .slice(0, caps.items)
      .map((p) => ({
        action: `${p['phase-type']} phase`,
        code: p['phase-status'] === 'FAILED' ? undefined : p['phase-status'],
        summary: redactOptional((p['phase-context'] ?? []).filter(Boolean).join('; '), caps.summary, secrets),
      }));
    const links: Link[] = [
      { label: 'Build', url: codebuildBuildUrl(envelope.region, envelope.account, detail['build-id']) },
    ];
    const logs = info.logs?.['deep-link'];
    if (logs) links.push({ label: 'Build logs', url: redact(logs, caps.url) });
    const started = info['build-start-time'] ? Date.parse(info['build-start-time']) : Number.NaN;
    const time = eventTime(envelope);
    const state = detail['build-status'];
    const buildId = detail['build-id'].replace(/^arn:[^:]+:codebuild:[^:]*:[^:]*:build\//, '');
    return {
      source: 'codebuild',
      scope: 'build',
      resource: detail['project-name'],
      arn: resourceArn(envelope.region, 'codebuild', envelope.account, `build/${buildId}`),
      state,
      label: state,
      severity: severityOf(state),
      region: envelope.region,
      account: envelope.account,
      time,
      executionId: buildId,
      trigger: info.initiator ? { type: redact(info.initiator, caps.name) } : undefined,
      failures,
      revisions: info['source-version'] ? [{ id: redact(info['source-version'], caps.name) }] : [],
      durationMs: Number.isFinite(started) && time >= started ? time - started : undefined,
      links,
      facts: [],
    };
  },
});
