import { httpCheck } from '../../../../functions/deploy-hook/checks/http';
import { invokeCheck } from '../../../../functions/deploy-hook/checks/invoke';
import { httpExpectation } from '../../../../functions/lib/http/expectation';

const url = 'https://api.example.com/health';

describe('httpExpectation (the HTTP fields shared by the http-check task and the deploy hook checks)', () => {
  it('accepts expectStatus as one code and parses it to a list', () => {
    expect(httpExpectation.parse({ url, expectStatus: 204 }).expectStatus).toEqual([204]);
  });

  it('accepts expectStatus as a list of codes', () => {
    expect(httpExpectation.parse({ url, expectStatus: [200, 204] }).expectStatus).toEqual([200, 204]);
  });

  it('rejects a status code outside 100-599 and an empty list', () => {
    expect(httpExpectation.safeParse({ url, expectStatus: 42 }).success).toBe(false);
    expect(httpExpectation.safeParse({ url, expectStatus: [] }).success).toBe(false);
  });

  it('accepts a method in any case and hands it on upper-cased', () => {
    expect(httpExpectation.parse({ url, method: 'post' }).method).toBe('POST');
  });

  it('rejects a URL with credentials without quoting it', () => {
    const parsed = httpExpectation.safeParse({ url: 'https://ci:hunter2@api.example.com/health' });
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['url', 'must not carry credentials (user:password@): send them in headers.Authorization instead'],
    ]);
  });

  it('rejects a header value with CR/LF or a non-token name, giving lengths instead of values', () => {
    const value = httpExpectation.safeParse({ url, headers: { 'X-Api-Key': 'hunter2\r\nX-Evil: 1' } });
    expect(value.error?.issues[0]?.message).toBe(
      'header X-Api-Key has an invalid value (18 characters): CR, LF, NUL and characters above U+00FF are not allowed',
    );
    const name = httpExpectation.safeParse({ url, headers: { 'X-Token: hunter2': 'v' } });
    expect(name.error?.issues[0]?.message).toMatch(/^a header name is not an HTTP token \(16 characters\)/);
    expect(JSON.stringify([value.error, name.error])).not.toContain('hunter2');
  });

  it('parses allowedHosts to URL host names and rejects entries with a scheme, port or path', () => {
    expect(
      httpExpectation.parse({ url, allowedHosts: ['API.Example.com', '*.Example.org', '[FD12::7]'] })
        .allowedHosts,
    ).toEqual(['api.example.com', '*.example.org', '[fd12::7]']);
    for (const entry of ['https://api.example.com', 'api.example.com:443', 'api.example.com/x', 'a@b', '']) {
      expect(httpExpectation.safeParse({ url, allowedHosts: [entry] }).success).toBe(false);
    }
  });

  it('bounds maxBodyBytes to 1 byte – 10 MiB and knows the three followRedirects modes', () => {
    expect(httpExpectation.safeParse({ url, maxBodyBytes: 10 * 1_048_576 }).success).toBe(true);
    expect(httpExpectation.safeParse({ url, maxBodyBytes: 10 * 1_048_576 + 1 }).success).toBe(false);
    expect(httpExpectation.safeParse({ url, followRedirects: 'follow' }).success).toBe(false);
  });

  it('rejects a method that is not an HTTP method, an unknown key and a non-http URL', () => {
    expect(httpExpectation.safeParse({ url, method: 'FETCH' }).success).toBe(false);
    expect(httpExpectation.safeParse({ url, expectStatusCode: 200 }).success).toBe(false);
    expect(httpExpectation.safeParse({ url: 'ftp://example.com/x' }).success).toBe(false);
  });
});

describe('deploy hook checks built on httpExpectation', () => {
  it('lets the http check take expectStatus as one code, as the pipeline action does', () => {
    const options = httpCheck.options.parse({ url, expectStatus: 204 });
    expect(options).toMatchObject({ expectStatus: [204], attempts: 3, intervalMs: 5_000 });
  });

  it('keeps the http check timing keys in milliseconds', () => {
    expect(httpCheck.options.safeParse({ url, timeoutSeconds: 5 }).success).toBe(false);
    expect(httpCheck.options.parse({ url, timeoutMs: 5_000 }).timeoutMs).toBe(5_000);
  });

  it('validates the invoke check expectJson with the same schema', () => {
    const bad = invokeCheck.options.safeParse({ expectJson: { path: 'status', equals: { nested: true } } });
    expect(bad.success).toBe(false);
    expect(invokeCheck.options.parse({ expectJson: { path: 'status', equals: 'ok' } }).expectJson).toEqual({
      path: 'status',
      equals: 'ok',
    });
  });
});
