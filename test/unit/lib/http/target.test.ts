import { lookup } from 'node:dns/promises';
import { targetProblem, urlLabel } from '../../../../functions/lib/http/target';

jest.mock('node:dns/promises', () => ({ lookup: jest.fn() }));
const resolves = (...addresses: string[]) =>
  jest.mocked(lookup).mockResolvedValue(addresses.map((address) => ({ address, family: 4 })) as never);

describe('targetProblem', () => {
  it('blocks a name that resolves to the instance metadata address', async () => {
    resolves('10.0.0.8', '169.254.169.254');
    expect(await targetProblem(new URL('http://metadata.attacker.example/latest'), undefined)).toBe(
      'host metadata.attacker.example resolves to a link-local address (instance metadata, credentials): blocked unless allowedHosts names it',
    );
  });

  it('lets a link-local host through when allowedHosts names it exactly, not by a wildcard', async () => {
    resolves('169.254.10.1');
    expect(
      await targetProblem(new URL('http://appliance.corp.example/'), ['appliance.corp.example']),
    ).toBeUndefined();
    expect(await targetProblem(new URL('http://appliance.corp.example/'), ['*.corp.example'])).toMatch(
      /link-local/,
    );
    expect(await targetProblem(new URL('http://169.254.10.1/'), ['169.254.10.1'])).toBeUndefined();
  });

  it('allows loopback and ordinary addresses, and leaves a name that does not resolve to the request', async () => {
    resolves('93.184.215.14');
    expect(await targetProblem(new URL('https://api.example.com/'), undefined)).toBeUndefined();
    expect(await targetProblem(new URL('http://127.0.0.1:8080/'), undefined)).toBeUndefined();
    expect(await targetProblem(new URL('http://[::1]:8080/'), undefined)).toBeUndefined();
    jest
      .mocked(lookup)
      .mockRejectedValue(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    expect(await targetProblem(new URL('https://nowhere.example/'), undefined)).toBeUndefined();
  });

  it('matches *.example.com against subdomains only', async () => {
    resolves('93.184.215.14');
    expect(await targetProblem(new URL('https://a.b.example.com/'), ['*.example.com'])).toBeUndefined();
    expect(await targetProblem(new URL('https://example.com/'), ['*.example.com'])).toMatch(
      /not in allowedHosts/,
    );
    expect(await targetProblem(new URL('https://badexample.com/'), ['*.example.com'])).toMatch(
      /not in allowedHosts/,
    );
  });
});

describe('urlLabel', () => {
  it('keeps origin and path, drops credentials, query and fragment', () => {
    expect(urlLabel(new URL('https://u:p@api.example.com:8443/v1/health?token=abc#frag'))).toBe(
      'https://api.example.com:8443/v1/health',
    );
  });
});
