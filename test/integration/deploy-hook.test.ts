import { startLoopbackServer } from '../support/loopback-server';
import { HOOK_NAME, readState } from '../support/samples';
import {
  type EndpointState,
  type Invocation,
  callOutcomes,
  invokeBundle,
  openEndpoint,
  readEvent,
} from './harness';

const FN = 'DeployHookFunction';
const CONFIG_PATH = '/pipewright/dev/deploy-hook';
const REPORT = 'PutLifecycleEventHookExecutionStatus';

/** The seeded deployments of local/state/deploy-hook.json, reused as real-shaped GetDeployment answers. */
const seeded = readState<{ codedeploy: { deployments: Record<string, Record<string, unknown>> } }>(
  'deploy-hook',
);
const lambdaInfo = seeded.codedeploy.deployments['d-7KQ2M4XAB']!;
const ecsInfo = seeded.codedeploy.deployments['d-B4C6E8G1J']!;

interface Scenario {
  deploymentId: string;
  application: string;
  group: string;
  appSpec: string;
  /** `{"checks": [...]}` stored as the application's parameter (none: the default check applies). */
  checks?: unknown[];
  lambda?: Record<string, unknown>;
  alarms?: Array<{ name: string; state: string; reason: string }>;
}

/** A deployment as GetDeployment returns it (shape of a seeded one), its configuration and targets. */
function scenario(s: Scenario, from = lambdaInfo): { event: unknown; state: EndpointState } {
  const info = {
    ...from,
    deploymentId: s.deploymentId,
    applicationName: s.application,
    deploymentGroupName: s.group,
    revision: { revisionType: 'AppSpecContent', appSpecContent: { content: s.appSpec } },
  };
  const parameters = s.checks
    ? [{ name: `${CONFIG_PATH}/apps/${s.application}`, value: JSON.stringify({ checks: s.checks }) }]
    : [];
  return {
    event: { DeploymentId: s.deploymentId, LifecycleEventHookExecutionId: `hook-${s.deploymentId}` },
    state: {
      codedeploy: { deployments: { [s.deploymentId]: info } },
      ssm: { parameters },
      lambda: { functions: s.lambda ?? {} },
      cloudwatch: { alarms: s.alarms ?? [] },
    } as EndpointState,
  };
}

/** The AppSpec CloudFormation writes for SAM's `AutoPublishAlias` + `DeploymentPreference` (JSON, one line). */
const samAppSpec = (name: string, current: string, target: string) =>
  `{"version":0.0,"Resources":[{"PaymentsFunction":{"Type":"AWS::Lambda::Function","Properties":` +
  `{"Name":"${name}","Alias":"live","CurrentVersion":"${current}","TargetVersion":"${target}"}}}],` +
  `"Hooks":[{"BeforeAllowTraffic":"${HOOK_NAME}"}]}`;

const PAYMENTS = 'payments-api-PaymentsFunction-Hq3Lm8Rt2Vx9';
const payments = (overrides: Partial<Scenario> = {}) =>
  scenario({
    deploymentId: 'd-PAY000001',
    application: 'payments-api-ServerlessDeploymentApplication-8KD2J5QW1M3N',
    group: 'payments-api-PaymentsFunctionDeploymentGroup-4TR7B9C2X6ZE',
    appSpec: samAppSpec(PAYMENTS, '41', '42'),
    lambda: {
      [`${PAYMENTS}:42`]: { payload: { statusCode: 200, body: '{"status":"ok"}' } },
      [`${PAYMENTS}:live`]: { payload: { statusCode: 200, body: '{"status":"ok"}' } },
    },
    ...overrides,
  });

const reports = (run: Invocation) => run.calls.filter((c) => c.operation === REPORT);
const accepted = (run: Invocation) => reports(run).filter((c) => c.outcome === 'ok');
const invokes = (run: Invocation) => run.calls.filter((c) => c.operation === 'Invoke');

/** Log messages of the function at a level (Powertools JSON lines; EMF and other lines skipped). */
function messages(run: Invocation, level: 'INFO' | 'WARN' | 'ERROR'): string[] {
  return run.logs.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { level?: string; message?: string };
      return entry.level === level && entry.message ? [entry.message] : [];
    } catch {
      return [];
    }
  });
}

/** Asserts that exactly one status reached CodeDeploy, and returns it. */
function reportedStatus(run: Invocation): string {
  expect(accepted(run)).toHaveLength(1);
  return accepted(run)[0]!.detail;
}

/** A loopback HTTP server the bundle's http check calls; `answer` decides each response; `url` is its /health URL. */
async function startServer(answer: (respond: (status: number, body: string) => void) => void) {
  const loopback = await startLoopbackServer((req, res) => {
    req.resume();
    answer((status, body) => res.writeHead(status, { 'content-type': 'application/json' }).end(body));
  });
  return { url: loopback.url('/health'), requests: loopback.hits, close: loopback.close };
}

describe('DeployHookFunction bundle (loopback endpoint, real SDK wire)', () => {
  describe('AppSpec and target version', () => {
    it('invokes the TARGET version of a SAM-generated JSON AppSpec, never the alias, and reports Succeeded', async () => {
      const { event, state } = payments();

      const run = await invokeBundle(FN, event, { state });

      expect(run.error).toBeUndefined();
      expect(invokes(run)).toHaveLength(1);
      expect(invokes(run)[0]!.input).toContain(`FunctionName: "${PAYMENTS}", Qualifier: "42"`);
      expect(
        invokes(run)
          .map((c) => c.input)
          .join(),
      ).not.toContain('live');
      expect(reportedStatus(run)).toBe('Succeeded');
      expect(messages(run, 'INFO')).toContainEqual(
        expect.stringContaining(`Running invoke on ${PAYMENTS}:42 (alias live, from version 41)`),
      );
    });

    it('knows it serves BeforeAllowTraffic when the AppSpec names this function as that hook', async () => {
      const { event, state } = payments();

      const run = await invokeBundle(FN, event, { state });

      expect(messages(run, 'INFO')).toContainEqual(
        expect.stringMatching(/^Reporting Succeeded for deployment d-PAY000001 \(BeforeAllowTraffic, /),
      );
    });

    it('knows the lifecycle event of every seeded sample deployment (their AppSpecs name the local function)', async () => {
      const lambda = await invokeBundle(FN, readEvent('deploy-hook/lambda-success.json'));
      const ecs = await invokeBundle(FN, readEvent('deploy-hook/ecs-success.json'));

      expect(messages(lambda, 'INFO')).toContainEqual(
        expect.stringMatching(/^Reporting Succeeded for deployment d-7KQ2M4XAB \(BeforeAllowTraffic, /),
      );
      expect(messages(ecs, 'INFO')).toContainEqual(
        expect.stringMatching(/^Reporting Succeeded for deployment d-B4C6E8G1J \(AfterAllowTestTraffic, /),
      );
    });

    it('invokes the TARGET version of a YAML AppSpec (hook given as an ARN) and reports Succeeded', async () => {
      const yaml = [
        'version: 0.0',
        'Resources:',
        '  - LedgerFunction:',
        '      Type: AWS::Lambda::Function',
        '      Properties:',
        '        Name: ledger-LedgerFunction-Zp4Kc7Nw1Qe5',
        '        Alias: live',
        '        CurrentVersion: 3',
        "        TargetVersion: '4'",
        'Hooks:',
        `  - BeforeAllowTraffic: arn:aws:lambda:eu-west-1:123456789012:function:${HOOK_NAME}`,
        '',
      ].join('\n');
      const { event, state } = scenario({
        deploymentId: 'd-LDG000001',
        application: 'ledger-ServerlessDeploymentApplication-2Y6H1P0D8F4S',
        group: 'ledger-LedgerFunctionDeploymentGroup-7G3K5M9Q1W2R',
        appSpec: yaml,
        lambda: { 'ledger-LedgerFunction-Zp4Kc7Nw1Qe5:4': { payload: { ok: true } } },
      });

      const run = await invokeBundle(FN, event, { state });

      expect(run.error).toBeUndefined();
      expect(invokes(run).map((c) => c.input)).toEqual([
        expect.stringContaining('FunctionName: "ledger-LedgerFunction-Zp4Kc7Nw1Qe5", Qualifier: "4"'),
      ]);
      expect(reportedStatus(run)).toBe('Succeeded');
    });
  });

  describe('target version answering a FunctionError', () => {
    it('reports Failed to CodeDeploy and logs what was expected and what was seen', async () => {
      const run = await invokeBundle(FN, readEvent('deploy-hook/lambda-failing-check.json'));

      expect(run.error).toBeUndefined();
      expect(callOutcomes(run)).toContain('Invoke ok'); // HTTP 200 with X-Amz-Function-Error
      expect(reportedStatus(run)).toBe('Failed');
      const expected =
        "expected no FunctionError, got Unhandled (TypeError: Cannot read properties of undefined (reading 'sku'))";
      expect(messages(run, 'ERROR')).toEqual(
        expect.arrayContaining([
          expect.stringContaining(`Check invoke FAILED on inventory-sync-SyncFunction-Qw9Er8Ty7Ui6:15`),
          expect.stringMatching(
            new RegExp(`^Reporting Failed for deployment d-3HN8W2QPZ .*${escape(expected)}`),
          ),
        ]),
      );
    });
  });

  describe('checks configured in Parameter Store', () => {
    it('reports Failed when the invoke answer does not match expectJson', async () => {
      const { event, state } = payments({
        checks: [
          { check: 'invoke', payloads: [{ rawPath: '/health' }], expectJson: { path: 'body', equals: 'ok' } },
        ],
      });

      const run = await invokeBundle(FN, event, { state });

      expect(reportedStatus(run)).toBe('Failed');
      expect(messages(run, 'ERROR')).toContainEqual(
        expect.stringContaining('payload #1: expected JSON body = "ok", got "{\\"status\\":\\"ok\\"}"'),
      );
    });

    it('reports Failed naming the alarm that is in ALARM', async () => {
      const { event, state } = payments({
        checks: [{ check: 'alarms', names: ['payments-api-errors', 'payments-api-latency'] }],
        alarms: [
          { name: 'payments-api-errors', state: 'OK', reason: 'Threshold Crossed: 0 datapoints' },
          {
            name: 'payments-api-latency',
            state: 'ALARM',
            reason: 'Threshold Crossed: 1 datapoint [2480.0] was greater than the threshold (1500.0).',
          },
        ],
      });

      const run = await invokeBundle(FN, event, { state });

      expect(reportedStatus(run)).toBe('Failed');
      expect(invokes(run)).toHaveLength(0); // the configured list replaces the default smoke invoke
      const failed = messages(run, 'ERROR').find((m) => m.startsWith('Check alarms FAILED'));
      expect(failed).toContain('payments-api-latency is in ALARM (Threshold Crossed: 1 datapoint [2480.0]');
      expect(failed).not.toContain('payments-api-errors is in ALARM');
    });

    describe('http check against a loopback server', () => {
      let server: Awaited<ReturnType<typeof startServer>> | undefined;
      afterEach(() => server?.close());

      const ecs = (url: string, options: Record<string, unknown> = {}) =>
        scenario(
          {
            deploymentId: 'd-ECS000001',
            application: 'AppECS-payments-cluster-payments-web',
            group: 'DgpECS-payments-cluster-payments-web',
            appSpec: String(
              (ecsInfo.revision as { appSpecContent: { content: string } }).appSpecContent.content,
            ),
            checks: [{ check: 'http', url, expectJson: { path: 'status', equals: 'ok' }, ...options }],
          },
          ecsInfo,
        );

      it('reports Succeeded when the test listener answers 200 with the expected JSON', async () => {
        server = await startServer((respond) => respond(200, '{"status":"ok"}'));
        const { event, state } = ecs(server.url);

        const run = await invokeBundle(FN, event, { state });

        expect(run.error).toBeUndefined();
        expect(server.requests()).toBe(1);
        expect(reportedStatus(run)).toBe('Succeeded');
      });

      it('reports Failed when the test listener answers 500 on every attempt', async () => {
        server = await startServer((respond) => respond(500, '{"error":"db down"}'));
        const { event, state } = ecs(server.url, { attempts: 2, intervalMs: 0 });

        const run = await invokeBundle(FN, event, { state });

        expect(server.requests()).toBe(2);
        expect(reportedStatus(run)).toBe('Failed');
        expect(messages(run, 'ERROR')).toContainEqual(
          expect.stringContaining(
            `GET ${server.url}: expected status 2xx, got 500 (body: "{"error":"db down"}") (after 2 attempts)`,
          ),
        );
      });

      it('reports Failed before the Lambda deadline, the attempt cut to the work time left, when the server never answers', async () => {
        server = await startServer(() => undefined); // accepts, never responds
        const { event, state } = ecs(server.url, { attempts: 1, timeoutMs: 60_000 });

        const run = await invokeBundle(FN, event, {
          state,
          timeoutSeconds: 6,
          env: { PIPEWRIGHT_REPORT_RESERVE_MS: '3000' },
        });

        expect(run.error).toBeUndefined(); // no "Task timed out": the invocation returned in time
        expect(server.requests()).toBe(1);
        expect(reportedStatus(run)).toBe('Failed');
        expect(messages(run, 'ERROR')).toContainEqual(
          expect.stringMatching(
            /^Reporting Failed for .*http: GET http:\/\/127\.0\.0\.1:\d+\/health: timed out after \d+ ms$/,
          ),
        );
      });
    });
  });

  describe('throttling', () => {
    it('reports Succeeded once after the SDK retried a throttled GetDeployment', async () => {
      const faults = [{ operation: 'codedeploy:GetDeployment', error: 'ThrottlingException', times: 1 }];

      const run = await invokeBundle(FN, readEvent('deploy-hook/lambda-success.json'), { state: { faults } });

      expect(run.error).toBeUndefined();
      expect(callOutcomes(run).slice(0, 2)).toEqual([
        'GetDeployment ThrottlingException',
        'GetDeployment ok',
      ]);
      expect(reportedStatus(run)).toBe('Succeeded');
    });

    it('reports exactly one status after the SDK retried a throttled PutLifecycleEventHookExecutionStatus', async () => {
      const faults = [{ operation: `codedeploy:${REPORT}`, error: 'ThrottlingException', times: 2 }];

      const run = await invokeBundle(FN, readEvent('deploy-hook/lambda-success.json'), { state: { faults } });

      expect(run.error).toBeUndefined();
      expect(reports(run).map((c) => c.outcome)).toEqual([
        'ThrottlingException',
        'ThrottlingException',
        'ok',
      ]);
      expect(reportedStatus(run)).toBe('Succeeded');
    });

    it('reports Succeeded after the SDK retried a throttled Invoke of the target version', async () => {
      const faults = [
        { operation: 'lambda:InvokeFunction', error: 'TooManyRequestsException', status: 429, times: 1 },
      ];
      const { event, state } = payments();

      const run = await invokeBundle(FN, event, { state: { ...state, faults } });

      expect(invokes(run).map((c) => c.outcome)).toEqual(['TooManyRequestsException', 'ok']);
      expect(reportedStatus(run)).toBe('Succeeded');
    });

    it('fails the invocation (so Lambda retries) when the status still cannot be reported after the retries', async () => {
      const faults = [{ operation: `codedeploy:${REPORT}`, error: 'InternalFailure', status: 500 }];

      const run = await invokeBundle(FN, readEvent('deploy-hook/lambda-success.json'), {
        state: { faults },
        env: { AWS_MAX_ATTEMPTS: '3' },
      });

      expect(reports(run).map((c) => c.outcome)).toEqual([
        'InternalFailure',
        'InternalFailure',
        'InternalFailure',
      ]);
      expect(run.error?.errorType).toBe('InternalFailure');
      expect(messages(run, 'ERROR')).toContainEqual(
        expect.stringContaining('Could not report the result of hook 9c1d6a47-2b8e-4f3a-a0d5-7e6b1c2f8d90'),
      );
    });
  });

  describe('transient AWS errors beyond the SDK retries (retried within the work budget)', () => {
    const success = () => readEvent('deploy-hook/lambda-success.json');
    /** Two SDK attempts per call, so the hook's own retries show. */
    const env = { AWS_MAX_ATTEMPTS: '2' };

    it('reports Succeeded after retrying a GetDeployment that answered 500 on every SDK attempt', async () => {
      const faults = [
        { operation: 'codedeploy:GetDeployment', error: 'InternalFailure', status: 500, times: 3 },
      ];

      const run = await invokeBundle(FN, success(), { state: { faults }, env });

      expect(run.error).toBeUndefined();
      expect(callOutcomes(run).slice(0, 4)).toEqual([
        'GetDeployment InternalFailure',
        'GetDeployment InternalFailure',
        'GetDeployment InternalFailure',
        'GetDeployment ok',
      ]);
      expect(reportedStatus(run)).toBe('Succeeded');
    });

    it('reports Succeeded after retrying a throttled configuration read', async () => {
      const faults = [{ operation: 'ssm:GetParametersByPath', error: 'ThrottlingException', times: 3 }];

      const run = await invokeBundle(FN, success(), { state: { faults }, env });

      expect(callOutcomes(run).filter((c) => c.startsWith('GetParametersByPath'))).toEqual([
        'GetParametersByPath ThrottlingException',
        'GetParametersByPath ThrottlingException',
        'GetParametersByPath ThrottlingException',
        'GetParametersByPath ok',
      ]);
      expect(reportedStatus(run)).toBe('Succeeded');
    });

    it('reports Succeeded when GetDeployment is slow once but answers within the budget', async () => {
      const faults = [{ operation: 'codedeploy:GetDeployment', delayMs: 1_000, times: 1 }];

      const run = await invokeBundle(FN, success(), { state: { faults }, env });

      expect(run.error).toBeUndefined();
      expect(reportedStatus(run)).toBe('Succeeded');
    });

    it('reports Failed before the deadline, saying the failure was transient, when GetDeployment stays throttled', async () => {
      const faults = [{ operation: 'codedeploy:GetDeployment', error: 'ThrottlingException' }];

      const run = await invokeBundle(FN, success(), {
        state: { faults },
        env: { ...env, PIPEWRIGHT_REPORT_RESERVE_MS: '3000' },
        timeoutSeconds: 8,
      });

      expect(run.error).toBeUndefined();
      expect(reportedStatus(run)).toBe('Failed');
      expect(
        callOutcomes(run).filter((c) => c === 'GetDeployment ThrottlingException').length,
      ).toBeGreaterThan(2);
      expect(messages(run, 'ERROR')).toContainEqual(
        expect.stringMatching(
          /^Reporting Failed for deployment d-7KQ2M4XAB: TransientAwsError: GetDeployment failed transiently until the work's time was spent: \d+ attempts \(\d+ requests with the SDK's own retries\) over \d+s: ThrottlingException: Injected fault ThrottlingException \(throttled\)( ×\d+)?(, no answer in the time left)?\. This is a transient AWS problem/,
        ),
      );
    });

    it('reports Failed before the deadline, naming the call, when GetDeployment does not answer in time', async () => {
      const faults = [{ operation: 'codedeploy:GetDeployment', delayMs: 60_000 }];

      const run = await invokeBundle(FN, success(), {
        state: { faults },
        env: { PIPEWRIGHT_REPORT_RESERVE_MS: '3000' },
        timeoutSeconds: 6,
      });

      expect(run.error).toBeUndefined(); // no "Task timed out"
      expect(reportedStatus(run)).toBe('Failed');
      expect(messages(run, 'ERROR')).toContainEqual(
        expect.stringMatching(
          /^Reporting Failed for deployment d-7KQ2M4XAB: TransientAwsError: GetDeployment failed transiently until the work's time was spent: 1 attempt over \d+s: no answer in the time left\./,
        ),
      );
    });
  });

  describe('ids as received', () => {
    it('reports a hook id with a leading U+FEFF as it is, and a whitespace-only one, over the wire', async () => {
      const endpoint = await openEndpoint();
      const event = (hookId: string) => ({
        DeploymentId: 'd-7KQ2M4XAB',
        LifecycleEventHookExecutionId: hookId,
      });
      try {
        const bom = await invokeBundle(FN, event('\uFEFFhook-1'), { endpoint });
        const stripped = await invokeBundle(FN, event('hook-1'), { endpoint });
        const blank = await invokeBundle(FN, event(' '), { endpoint });

        expect(reports(bom).map((c) => c.outcome)).toEqual(['ok']);
        // Had the first status been sent for "hook-1", this one would be LifecycleEventAlreadyCompleted.
        expect(reports(stripped).map((c) => c.outcome)).toEqual(['ok']);
        expect(reports(blank).map((c) => c.outcome)).toEqual(['ok']);
      } finally {
        await endpoint.close();
      }
    });

    it('reports Failed for an oversized event whose ids are usable, without reading the deployment', async () => {
      const event = {
        ...(readEvent('deploy-hook/lambda-success.json') as object),
        padding: 'x'.repeat(300_000),
      };

      const run = await invokeBundle(FN, event);

      expect(run.error).toBeUndefined();
      expect(callOutcomes(run)).toEqual([`${REPORT} ok`]);
      expect(messages(run, 'ERROR')).toContainEqual(
        expect.stringMatching(
          /^Reporting Failed for deployment d-7KQ2M4XAB: ConfigurationError: The hook event is 300\d{3} bytes of JSON/,
        ),
      );
    });
  });

  describe('access denied', () => {
    it('reports Failed to CodeDeploy when GetDeployment is denied', async () => {
      const faults = [
        {
          operation: 'codedeploy:GetDeployment',
          error: 'AccessDeniedException',
          message: 'User is not authorized to perform: codedeploy:GetDeployment',
        },
      ];

      const run = await invokeBundle(FN, readEvent('deploy-hook/lambda-success.json'), { state: { faults } });

      expect(run.error).toBeUndefined();
      expect(callOutcomes(run)).toEqual(['GetDeployment AccessDeniedException', `${REPORT} ok`]);
      expect(reportedStatus(run)).toBe('Failed');
      expect(messages(run, 'ERROR')).toContainEqual(expect.stringContaining('AccessDeniedException'));
    });

    it('reports Failed to CodeDeploy when invoking the target version is denied', async () => {
      const faults = [{ operation: 'lambda:InvokeFunction', error: 'AccessDeniedException', status: 403 }];

      const run = await invokeBundle(FN, readEvent('deploy-hook/lambda-success.json'), { state: { faults } });

      expect(run.error).toBeUndefined();
      expect(callOutcomes(run)).toContain('Invoke AccessDeniedException');
      expect(reportedStatus(run)).toBe('Failed');
      expect(messages(run, 'ERROR')).toContainEqual(
        expect.stringMatching(/^Check invoke FAILED on .*could not run: .*AccessDeniedException/),
      );
    });
  });

  describe('duplicate delivery and unknown deployments', () => {
    it('treats LifecycleEventAlreadyCompletedException as already reported', async () => {
      const faults = [
        { operation: `codedeploy:${REPORT}`, error: 'LifecycleEventAlreadyCompletedException' },
      ];

      const run = await invokeBundle(FN, readEvent('deploy-hook/lambda-success.json'), { state: { faults } });

      expect(run.error).toBeUndefined();
      expect(messages(run, 'WARN')).toContainEqual(expect.stringContaining('was already reported'));
    });

    it('tries to report Failed for an unknown deployment, then logs that it cannot be reported and ends without an error', async () => {
      const run = await invokeBundle(FN, readEvent('deploy-hook/unknown-deployment.json'));

      expect(callOutcomes(run)).toEqual([
        'GetDeployment DeploymentDoesNotExistException',
        `${REPORT} DeploymentDoesNotExistException`,
      ]);
      expect(reports(run)[0]!.input).toContain('status: "Failed"');
      expect(run.error).toBeUndefined(); // no Lambda retry, no failure-queue message, no alarm
      expect(messages(run, 'ERROR')).toEqual(
        expect.arrayContaining([
          expect.stringContaining('Deployment d-5RT0Y6U8K does not exist (in this account and region)'),
          expect.stringMatching(
            /^The result of hook b2a8e6d4-1f3c-4b9a-8e7d-6c5b4a3f2e10 of d-5RT0Y6U8K cannot be reported \(DeploymentDoesNotExistException: /,
          ),
        ]),
      );
      expect(run.logs.join('\n')).toContain('"ResultUnreportable"');
    });
  });

  describe('malformed event', () => {
    it('fails the invocation naming the missing LifecycleEventHookExecutionId, without any AWS call', async () => {
      const run = await invokeBundle(FN, readEvent('deploy-hook/malformed-missing-hook-id.json'));

      expect(run.error?.errorType).toBe('UnsupportedEventError');
      expect(run.error?.errorMessage).toContain('LifecycleEventHookExecutionId');
      expect(run.calls).toEqual([]);
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
