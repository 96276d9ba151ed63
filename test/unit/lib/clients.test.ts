import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { awsClient } from '../../../functions/lib/clients';

describe('awsClient request timeout', () => {
  let server: Server;
  let requests = 0;
  beforeAll(async () => {
    // Answers, but only after 5 s: longer than the client's request timeout.
    server = createServer((_, res) => {
      requests += 1;
      const timer = setTimeout(() => res.writeHead(200).end('{}'), 5_000);
      res.on('close', () => clearTimeout(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('fails a hung call with a TimeoutError, retried by the SDK, instead of waiting for the Lambda timeout', async () => {
    process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.AWS_MAX_ATTEMPTS = '2';
    process.env.AWS_RETRY_MODE = 'standard';
    const ssm = awsClient(SSMClient, { requestTimeoutMs: 200 });
    const error = await ssm.send(new GetParameterCommand({ Name: '/x' })).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
    expect(requests).toBe(2);
  });
});
