import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { ConfigurationError } from '../../../../functions/lib/errors';
import { httpExpectation } from '../../../../functions/lib/http/expectation';
import { probeHttp } from '../../../../functions/lib/http/probe';
import { startLoopbackServer, streamBytes } from '../../../support/loopback-server';

type Route = (req: IncomingMessage, res: ServerResponse) => void;

/** A loopback server whose answer per path a test sets in `routes`; it records what it received. */
async function routedServer() {
  const routes = new Map<string, Route>();
  const received: Array<{ method?: string; path?: string; apiKey?: string; body: string }> = [];
  const loopback = await startLoopbackServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const path = req.url?.split('?')[0];
      received.push({ method: req.method, path, apiKey: req.headers['x-api-key'] as string, body });
      (routes.get(path ?? '') ?? ((_q, s) => s.writeHead(404).end('not here')))(req, res);
    });
  });
  return { ...loopback, routes, received };
}

/** Parses raw options the way UserParameters are parsed (defaults and list forms applied). */
const expectation = (raw: Record<string, unknown>) => httpExpectation.parse(raw);

const MiB = 1_048_576;

describe('probeHttp', () => {
  let server: Awaited<ReturnType<typeof routedServer>>;
  let other: Awaited<ReturnType<typeof routedServer>>;
  beforeAll(async () => {
    [server, other] = await Promise.all([routedServer(), routedServer()]);
  });
  afterAll(() => Promise.all([server.close(), other.close()]));
  beforeEach(() => {
    for (const s of [server, other]) {
      s.routes.clear();
      s.received.length = 0;
      s.routes.set('/health', (_q, res) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","db":{"up":true}}'),
      );
    }
  });

  describe('judging', () => {
    it('passes a 2xx answer whose JSON field has the expected value', async () => {
      const result = await probeHttp(
        expectation({ url: server.url('/health'), expectJson: { path: 'db.up', equals: true } }),
      );
      expect(result).toMatchObject({ ok: true, status: 200 });
    });

    it('says which status was expected and which came, with the body', async () => {
      server.routes.set('/down', (_q, res) => res.writeHead(503).end('maintenance'));
      const result = await probeHttp(expectation({ url: server.url('/down') }));
      expect(result.detail).toBe(
        `GET ${server.url('/down')}: expected status 2xx, got 503 (body: "maintenance")`,
      );
    });

    it('says what a JSON field held when it differs', async () => {
      const result = await probeHttp(
        expectation({ url: server.url('/health'), expectJson: { path: 'status', equals: 'degraded' } }),
      );
      expect(result.detail).toContain('expected JSON status = "degraded", got "ok"');
    });

    it('fails expectJson on a field every object inherits (constructor.name)', async () => {
      const result = await probeHttp(
        expectation({
          url: server.url('/health'),
          expectJson: { path: 'constructor.name', equals: 'Object' },
        }),
      );
      expect(result).toMatchObject({
        ok: false,
        detail: expect.stringContaining('got no field "constructor.name"'),
      });
    });

    it('shows the URL as origin and path only, never its query or fragment', async () => {
      const result = await probeHttp(expectation({ url: `${server.url('/health')}?token=s3cr3t#frag` }));
      expect(result.detail).toMatch(new RegExp(`^GET ${server.url('/health')}: 200 in \\d+ ms$`));
    });
  });

  describe('network failures', () => {
    it('reports a timeout and a refused connection as fixed phrases, not exceptions', async () => {
      server.routes.set('/slow', () => undefined);
      await expect(probeHttp({ url: server.url('/slow'), timeoutMs: 100 })).resolves.toMatchObject({
        ok: false,
        detail: `GET ${server.url('/slow')}: timed out after 100 ms`,
      });
      const closed = await startLoopbackServer(() => undefined);
      const url = closed.url('/health');
      await closed.close();
      expect((await probeHttp({ url })).detail).toBe(`GET ${url}: connection refused (ECONNREFUSED)`);
    });

    it('says a port fetch refuses to call is one, without quoting the request', async () => {
      expect((await probeHttp({ url: 'http://127.0.0.1:1/health?token=x' })).detail).toBe(
        'GET http://127.0.0.1:1/health: the port is one fetch refuses to call (a "bad port" of the Fetch standard)',
      );
    });

    it('refuses a header value with CR/LF before sending, naming the header and its length only', async () => {
      const probe = probeHttp({ url: server.url('/health'), headers: { 'X-Api-Key': 'k\r\nX-Evil: 1' } });
      await expect(probe).rejects.toThrow(
        new ConfigurationError(
          `GET ${server.url('/health')}: header X-Api-Key has an invalid value (12 characters): CR, LF, NUL and characters above U+00FF are not allowed`,
        ),
      );
      expect(server.received).toEqual([]);
    });
  });

  describe('body cap', () => {
    it('keeps maxBodyBytes of a longer body, stops reading there and says the body was cut', async () => {
      let big: ReturnType<typeof streamBytes> | undefined;
      server.routes.set('/big', (_q, res) => (big = streamBytes(res, 64 * MiB)));
      const result = await probeHttp(
        expectation({ url: server.url('/big'), maxBodyBytes: 128 * 1024, expectBodyContains: 'aaaa' }),
      );
      expect(result).toMatchObject({
        ok: true,
        detail: expect.stringMatching(/: 200 in \d+ ms \(body cut at 128 KiB\)$/),
      });
      expect(big!.sent()).toBeLessThan(64 * MiB);
    });

    it('judges the kept part only: text past the cap is not found, and a cut JSON body is not JSON', async () => {
      server.routes.set('/tail', (_q, res) => res.writeHead(200).end(`${'x'.repeat(2048)}"status":"ok"`));
      const contains = await probeHttp(
        expectation({ url: server.url('/tail'), maxBodyBytes: 1024, expectBodyContains: 'status' }),
      );
      expect(contains.detail).toMatch(
        /: body does not contain "status" \(body: "x+…"\) \(body cut at 1 KiB\)$/,
      );
      server.routes.set('/json', (_q, res) =>
        res.writeHead(200).end(JSON.stringify({ pad: 'y'.repeat(4096), status: 'ok' })),
      );
      const json = await probeHttp(
        expectation({
          url: server.url('/json'),
          maxBodyBytes: 1024,
          expectJson: { path: 'status', equals: 'ok' },
        }),
      );
      expect(json.detail).toMatch(
        /expected JSON status = "ok", got a body that is not JSON \(.*\) \(body cut at 1 KiB\)$/,
      );
    });

    it('cuts a gzip body after decoding, so a compressed bomb is bounded too', async () => {
      const bomb = gzipSync(Buffer.alloc(32 * MiB));
      server.routes.set('/bomb', (_q, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb));
      const result = await probeHttp(expectation({ url: server.url('/bomb'), maxBodyBytes: 4096 }));
      expect(result.detail).toContain('(body cut at 4 KiB)');
    });

    it('leaves out a character split by the cut instead of inventing one', async () => {
      server.routes.set('/utf8', (_q, res) => res.writeHead(200).end('€€€'));
      const result = await probeHttp(
        expectation({ url: server.url('/utf8'), maxBodyBytes: 4, expectBodyContains: '\uFFFD' }),
      );
      expect(result.detail).toContain('body does not contain "\uFFFD" (body: "€") (body cut at 4 bytes)');
    });
  });

  describe('redirects', () => {
    const redirect =
      (status: number, to: string): Route =>
      (_q, res) =>
        res.writeHead(status, { location: to }).end('moved');

    it('follows a redirect to the same origin with the headers (default same-origin)', async () => {
      server.routes.set('/old', redirect(301, '/health'));
      const result = await probeHttp(
        expectation({ url: server.url('/old'), headers: { 'X-Api-Key': 'k1' } }),
      );
      expect(result).toMatchObject({
        ok: true,
        detail: expect.stringContaining(`(redirected to ${server.url('/health')})`),
      });
      expect(server.received.map((r) => [r.path, r.apiKey])).toEqual([
        ['/old', 'k1'],
        ['/health', 'k1'],
      ]);
    });

    it('does not follow a redirect to another origin by default, and says so', async () => {
      server.routes.set('/away', redirect(302, `${other.url('/health')}?token=t`));
      const result = await probeHttp(
        expectation({ url: server.url('/away'), headers: { 'X-Api-Key': 'k1' } }),
      );
      expect(result.detail).toBe(
        `GET ${server.url('/away')}: expected status 2xx, got 302 (body: "moved"); a redirect to ${other.url('/health')} not followed: another origin, and followRedirects is "same-origin" (set "any" to follow it without the headers and body)`,
      );
      expect(other.received).toEqual([]);
    });

    it('follows another origin with followRedirects "any" but without the configured headers', async () => {
      server.routes.set('/away', redirect(307, other.url('/health')));
      const result = await probeHttp(
        expectation({ url: server.url('/away'), headers: { 'X-Api-Key': 'k1' }, followRedirects: 'any' }),
      );
      expect(result.ok).toBe(true);
      expect(other.received).toEqual([{ method: 'GET', path: '/health', apiKey: undefined, body: '' }]);
    });

    it('sends neither the body nor the headers to another origin when a 307/308 repeats a POST there', async () => {
      server.routes.set('/temp', redirect(307, other.url('/health')));
      server.routes.set('/perm', redirect(308, other.url('/health')));
      for (const path of ['/temp', '/perm']) {
        await probeHttp(
          expectation({
            url: server.url(path),
            method: 'POST',
            headers: { 'X-Api-Key': 'k1' },
            body: 'secret-body',
            followRedirects: 'any',
          }),
        );
      }
      expect(server.received.map((r) => [r.method, r.apiKey, r.body])).toEqual([
        ['POST', 'k1', 'secret-body'],
        ['POST', 'k1', 'secret-body'],
      ]);
      expect(other.received).toEqual([
        { method: 'POST', path: '/health', apiKey: undefined, body: '' },
        { method: 'POST', path: '/health', apiKey: undefined, body: '' },
      ]);
    });

    it('sends the body again when a redirect leads back to the first origin', async () => {
      server.routes.set('/out', redirect(307, other.url('/back')));
      other.routes.set('/back', redirect(307, server.url('/health')));
      await probeHttp(
        expectation({ url: server.url('/out'), method: 'PUT', body: 'b', followRedirects: 'any' }),
      );
      expect([...server.received, ...other.received].map((r) => `${r.method} ${r.path} ${r.body}`)).toEqual([
        'PUT /out b',
        'PUT /health b',
        'PUT /back ',
      ]);
    });

    it('judges the 3xx answer itself with followRedirects "none"', async () => {
      server.routes.set('/old', redirect(308, '/health'));
      const result = await probeHttp(
        expectation({ url: server.url('/old'), followRedirects: 'none', expectStatus: 308 }),
      );
      expect(result).toMatchObject({ ok: true, status: 308 });
      expect(server.received).toHaveLength(1);
    });

    it('turns a POST into a GET without body on 303, and keeps both on 307', async () => {
      server.routes.set('/see', redirect(303, '/health'));
      server.routes.set('/temp', redirect(307, '/health'));
      await probeHttp(expectation({ url: server.url('/see'), method: 'POST', body: 'b' }));
      await probeHttp(expectation({ url: server.url('/temp'), method: 'POST', body: 'b' }));
      expect(server.received.map((r) => `${r.method} ${r.path} ${r.body}`)).toEqual([
        'POST /see b',
        'GET /health ',
        'POST /temp b',
        'POST /health b',
      ]);
    });

    it('stops after 5 redirects', async () => {
      server.routes.set('/loop', redirect(302, '/loop'));
      const result = await probeHttp(expectation({ url: server.url('/loop') }));
      expect(result.detail).toContain('not followed: more than 5 redirects');
      expect(server.received).toHaveLength(6);
    });

    it('does not follow a redirect to a host outside allowedHosts or to the instance metadata address', async () => {
      server.routes.set('/other', redirect(302, 'http://localhost:9/x'));
      server.routes.set('/imds', redirect(302, 'http://169.254.169.254/latest/meta-data/iam/'));
      const allowed = await probeHttp(
        expectation({ url: server.url('/other'), allowedHosts: ['127.0.0.1'], followRedirects: 'any' }),
      );
      expect(allowed.detail).toContain(
        'a redirect to http://localhost:9/x not followed: host localhost is not in allowedHosts (127.0.0.1)',
      );
      const imds = await probeHttp(expectation({ url: server.url('/imds'), followRedirects: 'any' }));
      expect(imds.detail).toContain(
        'a redirect to http://169.254.169.254/latest/meta-data/iam/ not followed: host 169.254.169.254 is a link-local address',
      );
    });
  });

  describe('targets', () => {
    it('refuses a URL outside allowedHosts before sending anything', async () => {
      await expect(
        probeHttp(expectation({ url: server.url('/health'), allowedHosts: ['*.example.com'] })),
      ).rejects.toThrow(
        `GET ${server.url('/health')}: host 127.0.0.1 is not in allowedHosts (*.example.com)`,
      );
      expect(server.received).toEqual([]);
    });

    it('refuses the instance metadata addresses unless allowedHosts names them', async () => {
      for (const url of [
        'http://169.254.169.254/latest/',
        'http://[fd00:ec2::254]/latest/',
        'http://[::ffff:169.254.170.2]/v2/credentials',
      ]) {
        await expect(probeHttp({ url })).rejects.toThrow(
          /^GET http.*: host .* is a link-local address \(instance metadata, credentials\): blocked unless allowedHosts names it$/,
        );
      }
    });
  });
});
