import { probeHttp, readJsonPath } from '../../../functions/lib/http-probe';
import { type LoopbackServer, startLoopbackServer } from '../../support/loopback-server';

describe('probeHttp', () => {
  let server: LoopbackServer;
  let base: string;
  beforeAll(async () => {
    server = await startLoopbackServer((req, res) => {
      if (req.url === '/health')
        return res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"status":"ok","db":{"up":true}}');
      if (req.url === '/slow') {
        const timer = setTimeout(() => res.end('late'), 2_000);
        return res.on('close', () => clearTimeout(timer));
      }
      res.writeHead(503).end('maintenance');
    });
    base = server.url();
  });
  afterAll(() => server.close());

  it('passes a 2xx answer whose JSON field has the expected value', async () => {
    const result = await probeHttp({ url: `${base}/health`, expectJson: { path: 'db.up', equals: true } });
    expect(result).toMatchObject({ ok: true, status: 200 });
  });

  it('says which status was expected and which came, with the body', async () => {
    const result = await probeHttp({ url: `${base}/down` });
    expect(result.ok).toBe(false);
    expect(result.detail).toBe(`GET ${base}/down: expected status 2xx, got 503 (body: "maintenance")`);
  });

  it('says what a JSON field held when it differs', async () => {
    const result = await probeHttp({
      url: `${base}/health`,
      expectJson: { path: 'status', equals: 'degraded' },
    });
    expect(result.detail).toContain('expected JSON status = "degraded", got "ok"');
  });

  it('reports a timeout and a refused connection as failures, not exceptions', async () => {
    await expect(probeHttp({ url: `${base}/slow`, timeoutMs: 100 })).resolves.toMatchObject({
      ok: false,
      detail: expect.stringContaining('timed out after 100 ms'),
    });
    const refused = await probeHttp({ url: 'http://127.0.0.1:1/health' });
    expect(refused.detail).toMatch(/ECONNREFUSED|bad port/);
  });
});

describe('readJsonPath', () => {
  it('walks objects and arrays and explains what is missing', () => {
    expect(readJsonPath('{"a":[{"b":3}]}', 'a.0.b')).toEqual({ found: true, value: 3 });
    expect(readJsonPath('{"a":{}}', 'a.b')).toEqual({ found: false, reason: 'no field "a.b"' });
    expect(readJsonPath('<html>', 'a')).toMatchObject({ found: false });
  });

  it.each(['constructor.name', 'toString', '__proto__', 'a.hasOwnProperty', 'a.length'])(
    'finds only fields the JSON has, never one of its prototype (%s)',
    (path) => {
      expect(readJsonPath('{"a":{"b":1}}', path)).toEqual({ found: false, reason: `no field "${path}"` });
    },
  );

  it('finds an own __proto__ field and an array length', () => {
    expect(readJsonPath('{"__proto__":{"x":1}}', '__proto__.x')).toEqual({ found: true, value: 1 });
    expect(readJsonPath('{"a":[1,2]}', 'a.length')).toEqual({ found: true, value: 2 });
  });
});
