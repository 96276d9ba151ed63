import { chatPreview } from './chat-preview';
import { chatWebhooks } from './endpoint/chat-webhooks';
import { formatCall } from './endpoint/format';
import type { Redactor } from './endpoint/redact';
import type { CallRecord } from './endpoint/world';
import type { RunOutcome } from './run';
import { formatHttpRequest } from './runtime/http-requests';

/** The calls by which a handler reports its result (a job's, a hook's, a notification, a chat message). */
export const REPORTING = [
  'PutJobSuccessResult',
  'PutJobFailureResult',
  'PutLifecycleEventHookExecutionStatus',
  'Publish',
  ...chatWebhooks.operations,
];

/** Answers meaning "a result was recorded before": the handler treats them as done. */
export const ALREADY_REPORTED = ['InvalidJobStateException', 'LifecycleEventAlreadyCompletedException'];

/** The `reason` a deploy hook returns beside the status it reported (`1 of 1 check failed — invoke: …`). */
function hookReason(result: unknown): string | undefined {
  const reason = (result as { reason?: unknown } | null | undefined)?.reason;
  return typeof reason === 'string' && reason ? reason : undefined;
}

/**
 * What the invocation reported to AWS, from the calls that were accepted (and, for a deploy hook,
 * the reason its result gives): `PutJobFailureResult ConfigurationError: …`,
 * `PutLifecycleEventHookExecutionStatus Failed: 1 of 1 check failed — invoke: …`, `Published: [FAILED] …`.
 */
export function reportedResult(calls: CallRecord[], result?: unknown): string {
  const reports = calls.filter((c) => REPORTING.includes(c.operation) && c.outcome === 'ok');
  const refused = calls.find((c) => REPORTING.includes(c.operation) && c.outcome !== 'ok');
  if (reports.length === 0 && refused) {
    return ALREADY_REPORTED.includes(refused.outcome)
      ? `already reported (duplicate delivery: ${refused.operation} answered ${refused.outcome}) — done`
      : `${refused.operation} refused: ${refused.outcome}`;
  }
  if (reports.length === 0) return ecsAnswer(result) ?? 'nothing reported';
  return reports
    .map((c) => {
      if (c.operation === 'Publish') return `Published: ${c.detail.replace(/^published: /, '')}`;
      if (c.service === chatWebhooks.iam) return `Posted to ${c.detail}`;
      const reason = c.operation === 'PutLifecycleEventHookExecutionStatus' ? hookReason(result) : undefined;
      return `${c.operation} ${c.detail}${reason ? `: ${reason}` : ''}`;
    })
    .join('; ');
}

/**
 * What an Amazon ECS lifecycle hook answered, in words: `returned FAILED: check 1 of 1 failed — …`,
 * `returned IN_PROGRESS (ECS calls again in 60 s): check alarms goes on`; `undefined` for any
 * other result.
 */
function ecsAnswer(result: unknown): string | undefined {
  const answer = result as { hookStatus?: unknown; callBackDelay?: unknown; hookDetails?: unknown } | null;
  if (typeof answer?.hookStatus !== 'string') return undefined;
  const again =
    typeof answer.callBackDelay === 'number' ? ` (ECS calls again in ${answer.callBackDelay} s)` : '';
  const own = (answer.hookDetails as { pipewright?: { reason?: unknown; name?: unknown } } | undefined)
    ?.pipewright;
  const said =
    typeof own?.reason === 'string'
      ? own.reason
      : typeof own?.name === 'string'
        ? `check ${own.name} goes on`
        : '';
  return `returned ${answer.hookStatus}${again}${said ? `: ${said}` : ''}`;
}

/** True when a reporting call (a job result, a hook status, a notification) was made: it says what the invocation did. */
export const madeReport = (calls: CallRecord[]) => calls.some((call) => REPORTING.includes(call.operation));

/**
 * One AWS call as the runner lists it (`ssm GetParametersByPath {…} → ok (3 parameters)`); the answer
 * to an accepted reporting call is left to the `Reported` line, so that a result is said once.
 */
export function callLine(call: CallRecord): string {
  const reported = REPORTING.includes(call.operation) && call.outcome === 'ok';
  return formatCall(reported ? { ...call, detail: '' } : call);
}

/**
 * Function log lines made readable: Powertools JSON → `LEVEL message {keys}` (keys repeated unchanged
 * from the previous line, like correlation ids, are shown once), EMF → `METRICS name=value`.
 */
function formatLogLines(lines: string[]): string[] {
  const seen = new Map<string, string>();
  return lines.map((line) => formatLogLine(line, seen));
}

function formatLogLine(line: string, seen: Map<string, string>): string {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (parsed && typeof parsed === 'object' && '_aws' in parsed) {
    const metrics = Object.entries(parsed).filter(([k, v]) => typeof v === 'number' && k !== '_aws');
    return `METRICS ${metrics.map(([k, v]) => `${k}=${String(v)}`).join(' ')}`;
  }
  const {
    level,
    message,
    timestamp: _t,
    service: _s,
    sampling_rate: _r,
    xray_trace_id: _x,
    ...rest
  } = parsed;
  const skip = ['cold_start', 'function_arn', 'function_memory_size', 'function_name', 'function_request_id'];
  const extra = Object.fromEntries(
    Object.entries(rest).filter(([k, v]) => {
      const text = JSON.stringify(v);
      const repeated = seen.get(k) === text;
      seen.set(k, text);
      return !skip.includes(k) && !repeated;
    }),
  );
  const tail = Object.keys(extra).length ? ` ${JSON.stringify(extra)}` : '';
  return `${String(level ?? 'LOG').padEnd(5)} ${String(message)}${tail}`;
}

/**
 * A published message as its subscribers see it: with `MessageStructure: json`, each protocol's body
 * under its own heading (text as lines, JSON indented); otherwise the message as is.
 */
function publishedBody(message: RunOutcome['published'][number]): string[] {
  if (message.messageStructure !== 'json') return message.message.split('\n');
  let bodies: Record<string, unknown>;
  try {
    bodies = JSON.parse(message.message) as Record<string, unknown>;
  } catch {
    return message.message.split('\n');
  }
  const shownAs = new Map<string, string>();
  return Object.entries(bodies).flatMap(([protocol, body]) => {
    const text = String(body);
    const same = shownAs.get(text);
    if (same) return [`── ${protocol}: same as ${same}`];
    shownAs.set(text, protocol);
    let shown = text;
    try {
      shown = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // plain text body (default, email)
    }
    return [
      `── ${protocol} (${Buffer.byteLength(text)} bytes)`,
      ...shown.split('\n').map((line) => `  ${line}`),
    ];
  });
}

/**
 * The full, readable report of one `invoke`: logs, AWS calls, HTTP requests, published messages,
 * what was reported, and the returned result when no reporting call already said it (a job's
 * failure message appears once, on the `Reported` line, besides the function's own log line).
 */
export function invocationReport(outcome: RunOutcome, redactor: Redactor): string {
  const out: string[] = [];
  const cold = outcome.built.cached ? 'build cached' : 'built';
  const name = outcome.spec.functionName === outcome.spec.logicalId ? '' : ` (${outcome.spec.functionName})`;
  out.push(
    `▶ ${outcome.spec.logicalId}${name} — ${cold}, ${(outcome.built.bytes / 1024).toFixed(0)} KB, init ${outcome.initMs.toFixed(0)} ms, run ${outcome.durationMs.toFixed(0)} ms${outcome.maxMemoryMB ? `, max memory ${outcome.maxMemoryMB} of ${outcome.spec.memorySize} MB` : ''}`,
  );
  out.push('', 'Logs:', ...formatLogLines(outcome.logs).map((line) => `  ${line}`));
  out.push('', `AWS calls (${outcome.calls.length}):`, ...outcome.calls.map((call) => `  ${callLine(call)}`));
  if (outcome.httpRequests.length) {
    out.push(
      '',
      `HTTP requests (${outcome.httpRequests.length}):`,
      ...outcome.httpRequests.map((request) => `  ${formatHttpRequest(request)}`),
    );
  }
  for (const message of outcome.published) {
    out.push(
      '',
      `Published to ${message.topicArn}${message.messageStructure ? ` (MessageStructure ${message.messageStructure})` : ''}:`,
    );
    if (message.subject) out.push(`  Subject: ${message.subject}`);
    out.push(...publishedBody(message).map((line) => `  ${line}`));
  }
  for (const message of outcome.posted) {
    out.push('', 'Posted to a chat webhook:', ...chatPreview(message).map((line) => `  ${line}`));
    out.push(
      ...JSON.stringify(JSON.parse(message.body), null, 2)
        .split('\n')
        .map((line) => `  ${line}`),
    );
  }
  out.push('', `Reported: ${reportedResult(outcome.calls, outcome.result)}`);
  // As in the demo: the result only when the reporting calls do not already say it all.
  if (outcome.error) out.push(`Invocation FAILED: ${outcome.error.errorType}: ${outcome.error.errorMessage}`);
  else if (!madeReport(outcome.calls)) out.push(`Result: ${JSON.stringify(outcome.result ?? null)}`);
  return redactor.redact(out.join('\n'));
}
