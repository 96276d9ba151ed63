import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { awsClient } from '../../../functions/lib/clients';
import { deniedAction, isAccessDenied } from '../../../functions/lib/errors';
import { runWithDeadline } from '../../../functions/lib/invocation';
import { type LoopbackServer, startLoopbackServer } from '../../support/loopback-server';

describe('awsClient request timeout', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    // Answers, but only after 5 s: longer than the client's request timeout.
    server = await startLoopbackServer((_, res) => {
      const timer = setTimeout(() => res.writeHead(200).end('{}'), 5_000);
      res.on('close', () => clearTimeout(timer));
    });
  });
  afterAll(() => server.close());

  it('fails a hung call with a TimeoutError, retried by the SDK, instead of waiting for the Lambda timeout', async () => {
    process.env.AWS_ENDPOINT_URL = server.url();
    process.env.AWS_MAX_ATTEMPTS = '2';
    process.env.AWS_RETRY_MODE = 'standard';
    const ssm = awsClient(SSMClient, { requestTimeoutMs: 200 });
    const error = await ssm.send(new GetParameterCommand({ Name: '/x' })).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
    expect(server.hits()).toBe(2);
  });

  it("caps each attempt at the work scope's attemptTimeoutMs, so the SDK's retries fit in the scope", async () => {
    process.env.AWS_ENDPOINT_URL = server.url();
    process.env.AWS_MAX_ATTEMPTS = '2';
    process.env.AWS_RETRY_MODE = 'standard';
    const ssm = awsClient(SSMClient); // its own request timeout: 30 s
    const before = server.hits();
    const error = await runWithDeadline(60_000, () => ssm.send(new GetParameterCommand({ Name: '/x' })), {
      attemptTimeoutMs: 200,
    }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
    expect(server.hits() - before).toBe(2);
  });
});

describe('awsClient errors', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer((_, res) => {
      res
        .writeHead(400, { 'content-type': 'application/x-amz-json-1.1' })
        .end(JSON.stringify({ __type: 'AccessDeniedException', message: 'not authorized' }));
    });
  });
  afterAll(() => server.close());

  it.each([
    ['ssm:GetParameter', () => awsClient(SSMClient).send(new GetParameterCommand({ Name: '/x' }))],
    [
      'lambda:InvokeFunction',
      () =>
        awsClient(LambdaClient).send(new InvokeCommand({ FunctionName: 'f', Payload: Buffer.from('{}') })),
    ],
  ])(
    'name the IAM action a denial is about (%s), so the failure can say which permission to grant',
    async (action, call) => {
      process.env.AWS_ENDPOINT_URL = server.url();
      process.env.AWS_MAX_ATTEMPTS = '1';

      const error = await call().catch((e: unknown) => e);

      expect(isAccessDenied(error)).toBe(true);
      expect(deniedAction(error)).toBe(action);
      expect(deniedAction(new Error('wrapped', { cause: error }))).toBe(action);
      expect(deniedAction(new Error('not a denial'))).toBeUndefined();
    },
  );

  it('do not take a 403 about the invoked function (an EFS mount failure) for a denial of the call', () => {
    const efs = Object.assign(new Error('mount failed'), {
      name: 'EFSMountFailureException',
      $metadata: { httpStatusCode: 403 },
    });
    const forbidden = Object.assign(new Error(''), { name: 'Forbidden', $metadata: { httpStatusCode: 403 } });

    expect(isAccessDenied(efs)).toBe(false);
    expect(isAccessDenied(forbidden)).toBe(true);
  });
});
