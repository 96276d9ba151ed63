import type { Server } from 'node:http';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { awsClient } from '../../../functions/lib/clients';
import { DeadlineExceededError } from '../../../functions/lib/errors';
import { pause, remainingWorkMs, runWithDeadline } from '../../../functions/lib/invocation';
import { type LoopbackServer, startLoopbackServer } from '../../support/loopback-server';

describe('runWithDeadline', () => {
  it('returns the work result when it finishes in time', async () => {
    await expect(runWithDeadline(1_000, async () => 42)).resolves.toBe(42);
  });

  it('rejects with DeadlineExceededError and aborts the signal when the budget is spent', async () => {
    let seen: AbortSignal | undefined;
    const run = runWithDeadline(50, (signal) => {
      seen = signal;
      return new Promise(() => undefined);
    });
    await expect(run).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(seen?.aborted).toBe(true);
  });

  it('exposes the remaining budget inside the work and Infinity outside', async () => {
    const inside = await runWithDeadline(10_000, async () => remainingWorkMs());
    expect(inside).toBeGreaterThan(0);
    expect(inside).toBeLessThanOrEqual(10_000);
    expect(remainingWorkMs()).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('pause', () => {
  it('is interrupted when the work scope is aborted', async () => {
    await expect(runWithDeadline(30, () => pause(60_000))).rejects.toBeInstanceOf(DeadlineExceededError);
  });
});

/** Open connections of `server` once they stop changing, polling for up to 2 s. */
async function waitForNoConnections(server: Server): Promise<number> {
  let open = Number.NaN;
  for (let i = 0; i < 40; i++) {
    open = await new Promise<number>((resolve) => server.getConnections((_, n) => resolve(n)));
    if (open === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return open;
}

describe('awsClient', () => {
  let endpoint: LoopbackServer;

  beforeAll(async () => {
    // An endpoint that accepts requests and never answers: only the abort signal can end the call.
    endpoint = await startLoopbackServer(() => undefined);
  });
  afterAll(() => endpoint.close());

  it('sends to AWS_ENDPOINT_URL and cancels the call when the work scope runs out of time', async () => {
    process.env.AWS_ENDPOINT_URL = endpoint.url();
    process.env.AWS_MAX_ATTEMPTS = '1';
    const ssm = awsClient(SSMClient);
    const call = runWithDeadline(200, () => ssm.send(new GetParameterCommand({ Name: '/x' })));
    await expect(call).rejects.toBeInstanceOf(DeadlineExceededError);
    // The request reached the loopback endpoint, and the abort tore its socket down.
    expect(endpoint.hits()).toBeGreaterThan(0);
    await expect(waitForNoConnections(endpoint.server)).resolves.toBe(0);
  });
});
