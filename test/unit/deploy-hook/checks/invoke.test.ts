import { InvokeCommand } from '@aws-sdk/client-lambda';
import { invokeCheck } from '../../../../functions/deploy-hook/checks/invoke';
import type { DeploymentTarget } from '../../../../functions/deploy-hook/deployment';
import { answerFromState, mocks } from '../fixtures';

const orders: DeploymentTarget = {
  deploymentId: 'd-7KQ2M4XAB',
  application: 'orders-api-ServerlessDeploymentApplication-1QX5Z8M2B7K4',
  deploymentGroup: 'orders-api-OrdersFunctionDeploymentGroup-9VJ3N0T6C2LD',
  computePlatform: 'Lambda',
  resource: {
    kind: 'lambda',
    functionName: 'orders-api-OrdersFunction-Xb12Cd34Ef56',
    alias: 'live',
    currentVersion: '7',
    targetVersion: '8',
  },
  lifecycleEvents: ['BeforeAllowTraffic'],
};
const options = (raw: unknown) => invokeCheck.options.parse(raw);

describe('invoke check', () => {
  beforeEach(() => answerFromState());

  it('passes when every payload is answered without FunctionError and with the expected fields', async () => {
    const outcome = await invokeCheck.run(
      options({
        payloads: [{ a: 1 }, { b: 2 }],
        expectStatusCode: 200,
        expectJson: { path: 'headers.content-type', equals: 'application/json' },
      }),
      orders,
    );
    expect(outcome).toMatchObject({
      passed: true,
      detail: 'orders-api-OrdersFunction-Xb12Cd34Ef56:8 answered 2 payloads without error',
    });
    expect(mocks.lambda.commandCalls(InvokeCommand).map((c) => c.args[0].input.Qualifier)).toEqual([
      '8',
      '8',
    ]);
  });

  it('fails naming the FunctionError and the error the function answered', async () => {
    const target = {
      ...orders,
      resource: {
        ...orders.resource,
        functionName: 'inventory-sync-SyncFunction-Qw9Er8Ty7Ui6',
        targetVersion: '15',
      },
    } as DeploymentTarget;
    const outcome = await invokeCheck.run(options({}), target);
    expect(outcome.passed).toBe(false);
    expect(outcome.detail).toMatch(
      /^payload #1: expected no FunctionError, got Unhandled \(TypeError: Cannot read properties of undefined \(reading 'sku'\)\)$/,
    );
  });

  it('describes a FunctionError whose errorType is not text without throwing (String() throws on {"toString":1})', async () => {
    mocks.lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: new TextEncoder().encode('{"errorType":{"toString":1},"errorMessage":"boom"}') as never,
    });

    const outcome = await invokeCheck.run(options({}), orders);

    expect(outcome).toMatchObject({ passed: false });
    expect(outcome.detail).toContain('({"toString":1}: boom)');
  });

  it('fails when an answer does not parse as JSON (truncated or broken), unless expectJsonAnswer is false', async () => {
    mocks.lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      Payload: new TextEncoder().encode('{"<truncated') as never,
    });

    const strict = await invokeCheck.run(options({}), orders);
    const lenient = await invokeCheck.run(options({ expectJsonAnswer: false }), orders);

    expect(strict).toMatchObject({ passed: false });
    expect(strict.detail).toBe(
      'payload #1: expected a JSON answer, got 12 bytes that do not parse as JSON ("{"<truncated"); set expectJsonAnswer to false for a function that answers plain text',
    );
    expect(lenient).toMatchObject({ passed: true });
  });

  it('fails when the status code differs, saying what it saw', async () => {
    const outcome = await invokeCheck.run(options({ expectStatusCode: 204 }), orders);
    expect(outcome).toMatchObject({
      passed: false,
      detail: expect.stringContaining('expected JSON statusCode = 204, got 200'),
    });
  });

  it('fails when a JSON field is missing', async () => {
    const outcome = await invokeCheck.run(options({ expectJson: { path: 'status', equals: 'ok' } }), orders);
    expect(outcome.detail).toContain('expected JSON status = "ok", got no field "status"');
  });

  it('fails when an invocation exceeds its duration budget', async () => {
    mocks.lambda.on(InvokeCommand).callsFake(async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return { StatusCode: 200, Payload: Buffer.from('{}') };
    });
    const outcome = await invokeCheck.run(options({ maxDurationMs: 1 }), orders);
    expect(outcome.detail).toMatch(/expected an answer within 1 ms, took \d+ ms/);
  });

  it('refuses to run on an ECS deployment', async () => {
    const ecs = {
      ...orders,
      resource: { kind: 'ecs', taskDefinition: 't:1', containerName: 'web', containerPort: 80 },
    } as DeploymentTarget;
    await expect(invokeCheck.run(options({}), ecs)).rejects.toThrow('needs a Lambda deployment');
  });

  it('rejects an unknown option', () => {
    expect(() => options({ payload: {} })).toThrow();
  });
});
