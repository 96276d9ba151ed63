import * as z from 'zod';
import { setting } from '../../lib/config';
import { codebuildBuildUrl, resourceArn } from '../links';
import type { Failure, Link } from '../model';
import { type CodebuildVariable, caps, codebuildSecretValues, redact, redactOptional } from '../redact';
import { unlessListed } from '../rules';
import { defineSource, eventTime, severityOf } from './define';
import { incidental, tolerantList } from './tolerant';

const phase = z.object({
  'phase-type': z.string().min(1).catch('UNKNOWN'),
  'phase-status': incidental(z.string()),
  'phase-context': tolerantList(z.string()),
  'duration-in-seconds': incidental(z.number()),
});

const additionalInformation = z.object({
  initiator: incidental(z.string()),
  'build-start-time': incidental(z.string()),
  'source-version': incidental(z.string()),
  logs: incidental(z.object({ 'deep-link': incidental(z.string()) })),
  phases: tolerantList(phase),
  // Only read to scrub their values from other fields (see `variablesOf`); never stored, forwarded or logged.
  environment: z.unknown().optional(),
});

/** An environment variable entry as it may arrive: an object, or (malformed) `NAME=value` text. */
const variableEntry = z.union([
  z.object({
    // An unreadable name counts as a secret one (its value is then scrubbed from 3 characters on).
    name: z.string().catch('secret'),
    type: incidental(z.string()),
    value: z.unknown().transform((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v)),
  }),
  z.string().transform((entry): CodebuildVariable => {
    const at = entry.indexOf('=');
    return at < 0
      ? { name: 'secret', value: entry }
      : { name: entry.slice(0, at), value: entry.slice(at + 1) };
  }),
]);

/**
 * The build's environment variables, to scrub their values; `undefined` when the event has some that
 * cannot be read as a list (then no phase message can be shown safely).
 */
function variablesOf(environment: unknown): CodebuildVariable[] | undefined {
  if (environment === undefined) return [];
  if (typeof environment !== 'object' || environment === null) return undefined;
  const list = (environment as Record<string, unknown>)['environment-variables'];
  if (list === undefined) return [];
  return Array.isArray(list) ? tolerantList(variableEntry).parse(list) : undefined;
}

/** What a failed phase says when its messages cannot be scrubbed. */
const WITHHELD =
  "phase messages not shown: the event's environment variables could not be read to scrub them";

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
    'build-id': z.string().min(1),
    'project-name': incidental(z.string().min(1)),
    'current-phase': incidental(z.string()),
    'additional-information': additionalInformation.catch(() => additionalInformation.parse({})),
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
    const buildId = detail['build-id'].replace(/^arn:[^:]+:codebuild:[^:]*:[^:]*:build\//, '');
    // `<project>:<uuid>`: the build id names the project when the event's project name is unreadable.
    const project =
      detail['project-name'] ??
      redact(buildId.slice(0, Math.max(0, buildId.lastIndexOf(':'))) || buildId, caps.name);
    const variables = variablesOf(info.environment);
    // Values already shown as the project name are not secrets (and scrubbing them would garble it).
    const secrets = codebuildSecretValues(variables ?? [], project);
    const failures: Failure[] = info.phases
      .filter((p) => p['phase-status'] && p['phase-status'] !== 'SUCCEEDED')
      .slice(0, caps.items)
      .map((p) => ({
        action: `${p['phase-type']} phase`,
        code: p['phase-status'] === 'FAILED' ? undefined : p['phase-status'],
        summary: variables
          ? redactOptional(p['phase-context'].filter(Boolean).join('; '), caps.summary, secrets)
          : WITHHELD,
      }));
    const links: Link[] = [
      { label: 'Build', url: codebuildBuildUrl(envelope.region, envelope.account, detail['build-id']) },
    ];
    const logs = info.logs?.['deep-link'];
    if (logs) links.push({ label: 'Build logs', url: redact(logs, caps.url) });
    const started = info['build-start-time'] ? Date.parse(info['build-start-time']) : Number.NaN;
    const time = eventTime(envelope);
    const state = detail['build-status'];
    return {
      source: 'codebuild',
      scope: 'build',
      resource: project,
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
