import { httpCheck } from '../../../../functions/deploy-hook/checks/http';
import type { DeploymentTarget } from '../../../../functions/deploy-hook/deployment';
import { ConfigurationError, DeadlineExceededError } from '../../../../functions/lib/errors';
import { runWithDeadline } from '../../../../functions/lib/invocation';
import { type LoopbackServer, startLoopbackServer } from '../../../support/loopback-server';

const target = {} as DeploymentTarget;
const options = (raw: unknown) => httpCheck.options.parse(raw);

describe('http check', () => {
  let server: LoopbackServer;
  let baseUrl: string;
  let answers: Array<[number, string]>;
  let requests: number;

  beforeAll(async () => {
    server = await startLoopbackServer((_request, response) => {
      requests++;
      const [status, body] = answers.shift() ?? [200, '{"status":"ok"}'];
      response.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
    baseUrl = server.url();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    answers = [];
    requests = 0;
  });

  it('passes at once when the test listener answers as expected', async () => {
    const outcome = await httpCheck.run(
      options({ url: `${baseUrl}/health`, expectJson: { path: 'status', equals: 'ok' } }),
      target,
    );
    expect(outcome.passed).toBe(true);
    expect(requests).toBe(1);
  });

  it('retries until the new tasks answer', async () => {
    answers = [
      [503, 'starting'],
      [503, 'starting'],
    ];
    const outcome = await httpCheck.run(
      options({ url: `${baseUrl}/health`, attempts: 3, intervalMs: 1 }),
      target,
    );
    expect(outcome.passed).toBe(true);
    expect(requests).toBe(3);
  });

  it('fails with the last attempt’s expected-versus-seen detail', async () => {
    answers = [
      [500, 'boom'],
      [500, '{"error":"db down"}'],
    ];
    const outcome = await httpCheck.run(
      options({ url: `${baseUrl}/health`, attempts: 2, intervalMs: 1 }),
      target,
    );
    expect(outcome).toMatchObject({
      passed: false,
      detail: `GET ${baseUrl}/health: expected status 2xx, got 500 (body: "{"error":"db down"}") (after 2 attempts)`,
    });
  });

  it('stops waiting between attempts when the work deadline aborts', async () => {
    answers = [[503, 'starting']];
    const run = runWithDeadline(50, () =>
      httpCheck.run(options({ url: `${baseUrl}/health`, attempts: 3, intervalMs: 60_000 }), target),
    );
    await expect(run).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(requests).toBe(1);
  });

  it('throws a ConfigurationError for a host outside allowedHosts or a link-local address, without calling it', async () => {
    const outside = httpCheck.run(
      options({ url: `${baseUrl}/health`, allowedHosts: ['*.elb.amazonaws.com'] }),
      target,
    );
    await expect(outside).rejects.toThrow(
      new ConfigurationError(
        `GET ${baseUrl}/health: host 127.0.0.1 is not in allowedHosts (*.elb.amazonaws.com)`,
      ),
    );
    const metadata = httpCheck.run(options({ url: 'http://169.254.170.2/v2/credentials' }), target);
    await expect(metadata).rejects.toBeInstanceOf(ConfigurationError);
    expect(requests).toBe(0);
  });

  it('rejects a URL that is not http(s)', () => {
    expect(() => options({ url: 'ftp://example.com/' })).toThrow();
  });
});
