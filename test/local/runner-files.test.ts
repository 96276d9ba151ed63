import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError, parseCli } from '../../local/cli-args';
import { servedOperations } from '../../local/endpoint/services';
import { loadState } from '../../local/endpoint/state';
import type { CallRecord } from '../../local/endpoint/world';
import { JsonFileError } from '../../local/json-file';
import { invocationReport } from '../../local/print';
import type { RunOutcome } from '../../local/run';
import { envVarOverrides } from '../../local/runtime/env-vars';
import { usedSampleApp } from '../../local/sample-app';
import { redactorFor } from '../../local/secrets';

const scratch = mkdtempSync(join(tmpdir(), 'pipewright-runner-files-'));
/** Writes `name` in the scratch directory, returning the name (read with `baseDir: scratch`). */
const file = (name: string, content: unknown) => {
  writeFileSync(join(scratch, name), typeof content === 'string' ? content : JSON.stringify(content));
  return name;
};
const stateError = (content: unknown) => {
  try {
    loadState([file('state.json', content)], { baseDir: scratch });
  } catch (error) {
    expect(error).toBeInstanceOf(JsonFileError);
    return (error as Error).message;
  }
  return 'no error';
};

describe('--state files', () => {
  it.each([
    [{ ssm: { parameters: 'oops' } }, 'ssm.parameters: expected a list, got "oops"'],
    [{ ssm: { paramters: [] } }, 'ssm.paramters: unexpected field (did you mean parameters?)'],
    [
      { faults: [{ operation: 'sns:Publsh', error: 'X' }] },
      'faults.0.operation: "sns:Publsh" is not an operation the local endpoint serves (did you mean sns:Publish?)',
    ],
    [[1, 2], 'expected an object, got a list of 2 items'],
    [{ ssm: { parameters: [{ value: 'x' }] } }, 'ssm.parameters.0.name: expected text, got nothing'],
    [
      { faults: [{ operation: 'Publish', error: 'X' }] },
      'faults.0.operation: expected an IAM-style "service:Operation" (e.g. "codepipeline:PutJobSuccessResult"), got "Publish"',
    ],
    [
      { faults: [{ operation: 'sns:Publish' }] },
      'faults.0: a fault does nothing without "error" (an error code), "delayMs" or "malformed": true',
    ],
    [
      { cloudwatch: { alarms: [{ name: 'a', state: 'FIRING' }] } },
      'cloudwatch.alarms.0.state: expected one of "OK", "ALARM", "INSUFFICIENT_DATA", got "FIRING"',
    ],
  ])('are checked before anything runs: %j', (content, problem) => {
    expect(stateError(content)).toBe(`--state state.json: ${problem}`);
  });

  it('accept every operation the endpoint serves as a fault, in any case', () => {
    const faults = servedOperations().map((operation) => ({
      operation: operation.toUpperCase().replace(/^[A-Z0-9-]+:/, (s) => s.toLowerCase()),
      error: 'X',
    }));
    expect(faults.length).toBeGreaterThan(10);
    expect(loadState([file('faults.json', { faults })], { baseDir: scratch }).faults).toHaveLength(
      faults.length,
    );
  });

  it('name the file as given and where it was looked for', () => {
    expect(() => loadState(['missing.json'], { baseDir: scratch })).toThrow(
      `--state missing.json: no such file (looked for ${join(scratch, 'missing.json')})`,
    );
  });
});

describe('--env-vars (SAM CLI semantics)', () => {
  const declared = { LOG_LEVEL: 'INFO', TABLE: 'orders', RETRIES: '2' };

  it("override only the function's declared variables, Parameters first, the function's own over them", () => {
    const path = file('env.json', {
      Parameters: { LOG_LEVEL: 'WARN', TABLE: 'shared', GLOBAL_ONLY: 'x' },
      NotifierFunction: { LOG_LEVEL: 'DEBUG', RETRIES: 5, NOT_DECLARED: true },
      OtherFunction: { TABLE: 'other' },
    });
    expect(envVarOverrides(path, 'NotifierFunction', declared, scratch)).toEqual({
      env: { LOG_LEVEL: 'DEBUG', TABLE: 'shared', RETRIES: '5' },
      ignored: ['GLOBAL_ONLY', 'NOT_DECLARED'],
    });
  });

  it('pass booleans and numbers as text, as SAM CLI does', () => {
    const path = file('env-types.json', { F: { LOG_LEVEL: false, RETRIES: 2.5 } });
    expect(envVarOverrides(path, 'F', declared, scratch).env).toEqual({ LOG_LEVEL: 'false', RETRIES: '2.5' });
  });

  it.each([
    [
      { F: { LOG_LEVEL: { level: 'x' } } },
      'F.LOG_LEVEL: expected text or a number or true or false, got an object',
    ],
    [{ F: ['LOG_LEVEL=DEBUG'] }, 'F: expected an object, got a list of 1 item'],
    [['x'], 'expected an object, got a list of 1 item'],
  ])('reject a file not in that shape, naming the field: %j', (content, problem) => {
    const path = file('env-bad.json', content);
    expect(() => envVarOverrides(path, 'F', declared, scratch)).toThrow(
      new JsonFileError(`--env-vars env-bad.json: ${problem}`),
    );
  });
});

describe('the runner command line', () => {
  it.each([
    [['invoke', 'F', '--event'], 'option --event needs a value (--event <file>)'],
    [['invoke', 'F', '-e'], 'option --event needs a value (--event <file>)'],
    [['invoke', 'F', '--event', 'x.json', '--state'], 'option --state needs a value (--state <file>)'],
    [
      ['invoke', 'F', '--event', 'x.json', '--parameter-overrides'],
      'option --parameter-overrides needs a value (--parameter-overrides "K=V ...")',
    ],
  ])('names an option given without its value: %j', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(new UsageError(message));
  });
});

describe('the sample app warning', () => {
  it('is due only when the invocation sent a request to 127.0.0.1:8080', () => {
    expect(usedSampleApp([{ url: 'http://127.0.0.1:8080/health' }])).toBe(true);
    expect(usedSampleApp([{ url: 'http://localhost:8080/' }])).toBe(true);
    expect(usedSampleApp([{ url: 'http://127.0.0.1:8081/health' }, { url: 'http://127.0.0.1:80800/' }])).toBe(
      false,
    );
    expect(usedSampleApp([])).toBe(false);
  });
});

describe('invocationReport', () => {
  const call = (operation: string, detail: string): CallRecord => ({
    service: 'codepipeline',
    operation,
    input: '{jobId: "j-1"}',
    outcome: 'ok',
    status: 200,
    detail,
    injected: false,
  });
  const outcome = (calls: CallRecord[], result: unknown): RunOutcome =>
    ({
      spec: { logicalId: 'PipelineActionFunction', functionName: 'PipelineActionFunction', memorySize: 512 },
      built: { cached: true, bytes: 1024 },
      result,
      calls,
      published: [],
      posted: [],
      logs: [],
      initMs: 1,
      durationMs: 1,
      httpRequests: [],
    }) as unknown as RunOutcome;
  const report = (o: RunOutcome) => invocationReport(o, redactorFor({}, {}));
  const message = 'Task alarm-gate: UserParameters.names: expected a list, got "x"';

  it("says a reported failure once: on the Reported line, not again in the call's answer or a Result", () => {
    const text = report(
      outcome([call('PutJobFailureResult', `ConfigurationError: ${message}`)], {
        kind: 'failure',
        message,
      }),
    );
    expect(text.split(message)).toHaveLength(2);
    expect(text).toContain(`Reported: PutJobFailureResult ConfigurationError: ${message}`);
    expect(text).toContain('codepipeline PutJobFailureResult {jobId: "j-1"} → ok');
    expect(text).not.toContain('Result:');
  });

  it('shows the result when no reporting call said it', () => {
    const text = report(outcome([], { published: false, reason: 'quiet' }));
    expect(text).toContain('Reported: nothing reported');
    expect(text).toContain('Result: {"published":false,"reason":"quiet"}');
  });
});
