import * as z from 'zod';
import type { Notification } from '../notifier/model';
import { incidental, tolerantList } from '../notifier/sources/tolerant';

const text = z.string();
const optionalText = incidental(z.string());

const failure = z.object({
  stage: optionalText,
  action: optionalText,
  provider: optionalText,
  code: optionalText,
  summary: optionalText,
  url: optionalText,
});

const revision = z.object({ name: optionalText, id: text, summary: optionalText, url: optionalText });
const link = z.object({ label: text, url: text });

/**
 * The notifier's model as it arrives over the topic (the `lambda` body of its message), read
 * tolerantly: `source`, `resource` and `state` are required; every other field that is missing or
 * odd reads as absent, so an odd detail never costs the notification. The model the notifier shrank to
 * fit SNS (`truncated: true`) reads the same way: it keeps the first failures. Fields this schema does
 * not name are kept as they are, for the notifier's renderers that read them.
 */
const modelSchema = z.looseObject({
  source: text.min(1),
  scope: text.catch('run'),
  resource: text.min(1),
  arn: text.catch(''),
  state: text.min(1),
  label: optionalText,
  severity: z.enum(['critical', 'warning', 'info', 'recovered']).catch('info'),
  region: text.catch(''),
  account: text.catch(''),
  time: z.number().catch(() => Date.now()),
  executionId: text.catch(''),
  pipelineExecutionId: optionalText,
  stage: optionalText,
  action: optionalText,
  provider: optionalText,
  deploymentGroup: optionalText,
  nouns: z
    .object({ resource: text.catch('Resource'), run: text.catch('run') })
    .catch({ resource: 'Resource', run: 'run' }),
  placement: z.object({ part: optionalText, runInSubject: incidental(z.boolean()) }).catch({}),
  trigger: incidental(z.object({ type: text, detail: optionalText })),
  failures: tolerantList(failure),
  revisions: tolerantList(revision),
  durationMs: incidental(z.number()),
  previous: incidental(
    z.object({
      executionId: text,
      status: text,
      redSince: incidental(z.number()),
      failedRuns: incidental(z.number()),
      failures: incidental(tolerantList(failure)),
    }),
  ),
  links: tolerantList(link),
  retryCommand: optionalText,
  facts: tolerantList(text),
  configProblem: optionalText,
});

/**
 * The notification a model describes, or `undefined` when the value is not one (no source, resource
 * or state).
 *
 * @example
 * ```ts
 * readModel({ source: 'codepipeline', resource: 'pipewright-prod', state: 'FAILED', severity: 'critical' })?.label; // 'FAILED'
 * ```
 */
export function readModel(value: unknown): Notification | undefined {
  const parsed = modelSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const { label, ...model } = parsed.data;
  return { ...model, label: label ?? model.state };
}
