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
