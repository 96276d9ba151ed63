import { firstRun } from '../../../../functions/deploy-hook/checks/check';
import { httpCheck } from '../../../../functions/deploy-hook/checks/http';
import type { DeploymentTarget } from '../../../../functions/deploy-hook/deployment';
import { ConfigurationError } from '../../../../functions/lib/errors';
import { runWithDeadline } from '../../../../functions/lib/invocation';
import { type LoopbackServer, startLoopbackServer } from '../../../support/loopback-server';

const target = {} as DeploymentTarget;
const options = (raw: unknown) => httpCheck.options.parse(raw);

describe('http check', () => {
  let server: LoopbackServer;
  let baseUrl: string;
  let answers: Array<[number, string]>;
  let requests: string[];
  let delayMs: number;

  beforeAll(async () => {
    server = await startLoopbackServer((request, response) => {
      requests.push(request.url ?? '');
      const [status, body] = answers.shift() ?? [200, '{"status":"ok"}'];
      const reply = () => response.writeHead(status, { 'content-type': 'application/json' }).end(body);
      setTimeout(reply, delayMs).unref();
    });
    baseUrl = server.url();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    answers = [];
    requests = [];
    delayMs = 0;
  });

  it('passes at once when the test listener answers as expected', async () => {
    const outcome = await httpCheck.run(
      options({ url: `${baseUrl}/health`, expectJson: { path: 'status', equals: 'ok' } }),
      target,
    );
    expect(outcome).toMatchObject({ passed: true });
    expect(outcome.retry).toBeUndefined();
    expect(requests).toHaveLength(1);
  });

  it('asks for another attempt after intervalMs while attempts remain, saying which attempt failed', async () => {
    answers = [[503, 'starting']];
    const outcome = await httpCheck.run(
      options({ url: `${baseUrl}/health`, attempts: 3, intervalMs: 4_000 }),
      target,
      { ...firstRun(), attempt: 2 },
    );
    expect(outcome).toEqual({
      passed: false,
      durationMs: expect.any(Number),
      detail: `GET ${baseUrl}/health: expected status 2xx, got 503 (body: "starting") (attempt 2 of 3)`,
      retry: { afterMs: 4_000 },
    });
  });

  it('fails for good at its last attempt, with that attempt’s expected-versus-seen detail', async () => {
    answers = [[500, '{"error":"db down"}']];
    const outcome = await httpCheck.run(options({ url: `${baseUrl}/health`, attempts: 2 }), target, {
      ...firstRun(),
      attempt: 2,
    });
    expect(outcome).toEqual({
      passed: false,
      durationMs: expect.any(Number),
      detail: `GET ${baseUrl}/health: expected status 2xx, got 500 (body: "{"error":"db down"}") (after 2 attempts)`,
    });
  });

  it('calls the configured listener followed by the path', async () => {
    const outcome = await httpCheck.run(
      options({ listener: 'test', path: '/health?deep=1' }),
      target,
      firstRun({ test: `${baseUrl}/`, production: 'https://orders.example.com' }),
    );
    expect(outcome.passed).toBe(true);
    expect(requests).toEqual(['/health?deep=1']);
  });

  it('cannot run when the listener it names is not configured', async () => {
    const run = httpCheck.run(options({ listener: 'production' }), target, firstRun({ test: baseUrl }));
    await expect(run).rejects.toThrow(
      new ConfigurationError(
        'The http check asks for the production listener, but the configuration has no "listeners": {"production": "<url>"}',
      ),
    );
    expect(requests).toHaveLength(0);
  });

  it('cuts an attempt’s timeout to the work time left, so that it ends as a failed attempt before the deadline', async () => {
    delayMs = 3_000;
    const outcome = await runWithDeadline(1_500, () =>
      httpCheck.run(options({ url: `${baseUrl}/slow`, timeoutMs: 10_000 }), target),
    );
    expect(outcome.passed).toBe(false);
    expect(outcome.detail).toMatch(/: timed out after (4\d\d|500) ms/);
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
    expect(requests).toHaveLength(0);
  });

  it.each([
    [{ url: 'ftp://example.com/' }, 'url'],
    [{}, 'set exactly one of "url" or "listener"'],
    [{ url: 'https://example.com/', listener: 'test' }, 'set exactly one of "url" or "listener"'],
    [{ url: 'https://example.com/', path: '/health' }, '"path" goes with "listener"'],
    [{ listener: 'blue' }, 'listener'],
  ])('refuses the options %j', (raw, problem) => {
    const parsed = httpCheck.options.safeParse(raw);
    expect(parsed.success).toBe(false);
    expect(
      parsed.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
    ).toContain(problem);
  });
});
