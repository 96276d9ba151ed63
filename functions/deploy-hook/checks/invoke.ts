import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import * as z from 'zod';
import { lazyClient } from '../../lib/clients';
import { ConfigurationError } from '../../lib/errors';
import {
  checkJsonExpectation,
  describeText,
  jsonExpectation,
  parseJsonText,
  readJsonPath,
} from '../../lib/http/json-path';
import { countText, truncate } from '../../lib/text';
import { hookCall } from '../aws-call';
import type { DeploymentTarget } from '../deployment';
import { describeTarget, isCodeDeployTarget } from '../target';
import { defineCheck } from './check';

// A smoke invocation may run as long as the target function (≤ 15 min): no request timeout below that,
// or a slow target would be invoked again by the SDK's retry. The hook's deadline still aborts it.
const lambda = lazyClient(LambdaClient, { requestTimeoutMs: 15 * 60_000 });

/**
 * The payload the target version receives when no payload is configured (the default check of a Lambda
 * deployment). A function can recognise it by `source` and answer without side effects.
 */
function smokeTestPayload(target: DeploymentTarget) {
  return {
    source: 'pipewright.smoke-test',
    'detail-type': 'CodeDeploy lifecycle hook smoke test',
    deploymentId: target.deploymentId,
    application: target.application,
    deploymentGroup: target.deploymentGroup,
  };
}

const options = z.strictObject({
  /** Events sent one after the other (default: one {@link smokeTestPayload}). */
  payloads: z.array(z.unknown()).min(1).optional(),
  /** The `statusCode` every response must carry (API Gateway / ALB style handlers). */
  expectStatusCode: z.number().int().optional(),
  /** A dot path into every response and the value it must have. */
  expectJson: jsonExpectation.optional(),
  /** Time one invocation may take, measured by the hook, cold start included (default: no limit). */
  maxDurationMs: z.number().positive().optional(),
  /**
   * Every answer must be JSON, as the managed runtimes send it (default: true): an answer that does not
   * parse is a truncated or broken one, never a pass. `false` for a custom runtime that answers plain text.
   */
  expectJsonAnswer: z.boolean().default(true),
});

/**
 * `invoke`: invokes the deployment's TARGET VERSION (qualifier = version, never the alias, which still
 * points at the old version before traffic shifts) with each payload; every answer must be free of a
 * FunctionError and meet the optional expectations.
 *
 * @example
 * ```json
 * { "check": "invoke", "payloads": [{ "path": "/health" }], "expectStatusCode": 200, "maxDurationMs": 3000 }
 * ```
 */
export const invokeCheck = defineCheck({
  name: 'invoke',
  description:
    'every payload is answered by the target version (never the alias) without a FunctionError and meets the expectations',
  options,
  async run(opts, target) {
    if (!isCodeDeployTarget(target) || target.resource.kind !== 'lambda') {
      const what = isCodeDeployTarget(target)
        ? `${target.deploymentId} deploys ECS`
        : `${describeTarget(target)} is an ECS service deployment`;
      throw new ConfigurationError(`The invoke check needs a Lambda deployment; ${what}`);
    }
    const { functionName, targetVersion } = target.resource;
    const label = `${functionName}:${targetVersion}`;
    const payloads = opts.payloads ?? [smokeTestPayload(target)];
    let durationMs = 0;
    for (const [index, payload] of payloads.entries()) {
      let started = Date.now();
      // Throttling and 5xx answers are retried; a slow answer is the target's, not AWS's: no cut.
      const answer = await hookCall(
        'Invoke',
        'lambda:InvokeFunction',
        () => {
          started = Date.now(); // the time of the attempt that answered, not of the retries
          const payloadBytes = Buffer.from(JSON.stringify(payload));
          return lambda().send(
            new InvokeCommand({
              FunctionName: functionName,
              Qualifier: targetVersion,
              Payload: payloadBytes,
            }),
          );
        },
        {
          cutBeforeDeadline: false,
          whenDenied: `the hook may invoke only functions matching its stack's HookTargetFunctions parameter; keep ${functionName} inside it (or widen it)`,
        },
      );
      const tookMs = Date.now() - started;
      durationMs += tookMs;
      const body = answer.Payload ? Buffer.from(answer.Payload).toString('utf8') : '';
      const problem = judge(opts, answer.FunctionError, body, tookMs);
      if (problem) {
        return { passed: false, durationMs, detail: `payload #${index + 1}: ${problem}` };
      }
    }
    return {
      passed: true,
      durationMs,
      detail: `${label} answered ${countText(payloads.length, 'payload')} without error`,
    };
  },
});

function judge(
  opts: z.output<typeof options>,
  functionError: string | undefined,
  body: string,
  tookMs: number,
) {
  if (functionError)
    return `expected no FunctionError, got ${functionError} (${describeFunctionError(body)})`;
  if (opts.expectJsonAnswer && body !== '' && !parseJsonText(body)) {
    return `expected a JSON answer, got ${countText(Buffer.byteLength(body), 'byte')} that do not parse as JSON (${describeText(body)}); set expectJsonAnswer to false for a function that answers plain text`;
  }
  const expectations = [
    ...(opts.expectStatusCode !== undefined ? [{ path: 'statusCode', equals: opts.expectStatusCode }] : []),
    ...(opts.expectJson ? [opts.expectJson] : []),
  ];
  for (const expectation of expectations) {
    const problem = checkJsonExpectation(body, expectation);
    if (problem) return problem;
  }
  if (opts.maxDurationMs !== undefined && tookMs > opts.maxDurationMs) {
    return `expected an answer within ${opts.maxDurationMs} ms, took ${tookMs} ms`;
  }
  return undefined;
}

/** `TypeError: Cannot read properties of undefined` from the runtime's error payload, else the raw text. */
function describeFunctionError(body: string): string {
  const parsed = parseJsonText(body);
  const type = parsed && readJsonPath(parsed.value, 'errorType');
  const message = parsed && readJsonPath(parsed.value, 'errorMessage');
  if (type?.found && message?.found)
    return truncate(`${jsonText(type.value)}: ${jsonText(message.value)}`, 300);
  return truncate(body, 300);
}

/** A parsed JSON value as text: a string as it is, anything else as JSON (`String()` throws on `{"toString":1}`). */
function jsonText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
