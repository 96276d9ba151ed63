import { lookup } from 'node:dns/promises';
import fc from 'fast-check';
import { ConfigurationError } from '../../../../functions/lib/errors';
import { probeHttp } from '../../../../functions/lib/http/probe';
import { isLoopbackHost } from '../../../../functions/lib/http/addresses';
import { targetProblem } from '../../../../functions/lib/http/target';

jest.mock('node:dns/promises', () => ({ lookup: jest.fn() }));
const resolves = (...addresses: string[]) =>
  jest
    .mocked(lookup)
    .mockResolvedValue(
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })) as never,
    );

const FROM_ARTIFACT = { blockLoopback: 'a URL read from an input artifact' };

/** Ways to write a loopback host in a URL: 127.0.0.0/8 in every IPv4 notation, ::1, mapped, unspecified, localhost names. */
const loopbackHost = fc.oneof(
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).chain(([a, b, c]) =>
    fc.constantFrom(
      `127.${a}.${b}.${c}`,
      String(0x7f000000 + a * 65536 + b * 256 + c), // http://2130706433/
      `0x7f.${a}.${b}.${c}`,
      `[::ffff:127.${a}.${b}.${c}]`,
    ),
  ),
  fc.constantFrom('127.1', '[::1]', '[0:0:0:0:0:0:0:1]', '0.0.0.0', '0', '[::]'),
  fc.constantFrom('localhost', 'LOCALHOST', 'localhost.', 'api.localhost', 'a.b.localhost'),
);

describe('loopback targets', () => {
  beforeEach(() => resolves('93.184.215.14'));

  it('refuses every way of writing a loopback host for a URL from an artifact, unless allowedHosts names it', async () => {
    await fc.assert(
      fc.asyncProperty(loopbackHost, fc.constantFrom('', ':9001', ':8080'), async (host, port) => {
        const url = new URL(`http://${host}${port}/2018-06-01/runtime/invocation/next`);
        expect(isLoopbackHost(url)).toBe(true);
        expect(await targetProblem(url, undefined, FROM_ARTIFACT)).toBe(
          `host ${url.hostname} is a loopback address (the Lambda Runtime API, local services): blocked for a URL read from an input artifact unless allowedHosts names it`,
        );
        expect(await targetProblem(url, [url.hostname], FROM_ARTIFACT)).toBeUndefined();
        expect(await targetProblem(url, undefined)).toBeUndefined(); // configured by the operator
      }),
      { numRuns: 1_000 },
    );
  });

  it('refuses a name that resolves to loopback, and lets other addresses through', async () => {
    resolves('127.0.0.53');
    expect(await targetProblem(new URL('http://rebind.attacker.example/'), undefined, FROM_ARTIFACT)).toBe(
      'host rebind.attacker.example resolves to a loopback address (the Lambda Runtime API, local services): blocked for a URL read from an input artifact unless allowedHosts names it',
    );
    resolves('::1');
    expect(await targetProblem(new URL('http://six.attacker.example/'), undefined, FROM_ARTIFACT)).toMatch(
      /resolves to a loopback address/,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.ipV4().filter((ip) => !/^(127|0|169\.254)\./.test(ip)),
        async (ip) =>
          expect(await targetProblem(new URL(`http://${ip}/`), undefined, FROM_ARTIFACT)).toBeUndefined(),
      ),
      { numRuns: 1_000 },
    );
  });
});

describe('probeHttp, loopback steering', () => {
  let fetchMock: jest.SpyInstance;
  const answer = (status: number, headers: Record<string, string> = {}) =>
    new Response(status >= 300 && status < 400 ? 'moved' : '{"status":"ok"}', { status, headers });
  beforeEach(() => resolves('93.184.215.14')); // api.example.com
  afterEach(() => fetchMock.mockRestore());

  it('refuses a loopback URL read from an artifact before sending anything', async () => {
    fetchMock = jest.spyOn(globalThis, 'fetch');
    const run = probeHttp({
      url: 'http://127.0.0.1:9001/2018-06-01/runtime/invocation/next',
      urlFromArtifact: true,
    });
    await expect(run).rejects.toThrow(ConfigurationError);
    await expect(run).rejects.toThrow(
      'GET http://127.0.0.1:9001/2018-06-01/runtime/invocation/next: host 127.0.0.1 is a loopback address (the Lambda Runtime API, local services): blocked for a URL read from an input artifact unless allowedHosts names it',
    );
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it.each([
    ['an artifact URL redirected to loopback', true, 'a URL read from an input artifact (and its redirects)'],
    [
      'a configured URL whose server redirects to loopback',
      false,
      'a redirect from a host that is not loopback',
    ],
  ])('does not follow %s', async (_case, urlFromArtifact, reason) => {
    fetchMock = jest
      .spyOn(globalThis, 'fetch')
      .mockResolvedValueOnce(
        answer(307, { location: 'http://127.0.0.1:9001/2018-06-01/runtime/invocation/next' }),
      );
    const result = await probeHttp({
      url: 'https://api.example.com/health',
      followRedirects: 'any',
      urlFromArtifact,
    });
    expect(result.ok).toBe(false);
    expect(result.detail).toContain(
      `a redirect to http://127.0.0.1:9001/2018-06-01/runtime/invocation/next not followed: host 127.0.0.1 is a loopback address (the Lambda Runtime API, local services): blocked for ${reason} unless allowedHosts names it`,
    );
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('follows a redirect to loopback that allowedHosts names', async () => {
    fetchMock = jest
      .spyOn(globalThis, 'fetch')
      .mockResolvedValueOnce(answer(302, { location: 'http://localhost:8080/health' }))
      .mockResolvedValueOnce(answer(200));
    const result = await probeHttp({
      url: 'https://api.example.com/health',
      followRedirects: 'any',
      urlFromArtifact: true,
      allowedHosts: ['api.example.com', 'localhost'],
    });
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(String(fetchMock.mock.calls[1]![0])).toBe('http://localhost:8080/health');
  });
});
