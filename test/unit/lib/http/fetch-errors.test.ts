import fc from 'fast-check';
import { describeFetchError } from '../../../../functions/lib/http/fetch-errors';
import { headersProblem } from '../../../../functions/lib/http/headers';

const secret = fc
  .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 10, maxLength: 20 })
  .map((s) => `sekrit${s}`);

/** Text around a secret, as fetch writes it into messages (`… http://u:<secret>@host …`). */
const around = (s: string) => fc.tuple(fc.string(), fc.string()).map(([a, b]) => `${a}${s}${b}`);

describe('describeFetchError', () => {
  it('maps known network codes and timeouts to fixed phrases', () => {
    const refused = new TypeError('fetch failed', {
      cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.1:443' },
    });
    expect(describeFetchError(refused, 10_000)).toBe('connection refused (ECONNREFUSED)');
    expect(describeFetchError(Object.assign(new Error('x'), { name: 'TimeoutError' }), 2_000)).toBe(
      'timed out after 2000 ms',
    );
    expect(
      describeFetchError(new TypeError('fetch failed', { cause: { code: 'ERR_SOMETHING_NEW' } }), 1),
    ).toBe('request failed (ERR_SOMETHING_NEW)');
  });

  it('echoes nothing of an error message, a cause message or an unusual code (generated)', () => {
    fc.assert(
      fc.property(
        secret.chain((s) =>
          fc.tuple(
            fc.constant(s),
            around(s),
            around(s),
            fc.oneof(around(s), fc.constantFrom('ECONNRESET', 'EPROTO')),
          ),
        ),
        fc.constantFrom('TypeError', 'Error', 'AbortError', 'SyntaxError'),
        ([s, message, causeMessage, code], name) => {
          const error = Object.assign(new Error(message, { cause: { code, message: causeMessage } }), {
            name,
          });
          expect(describeFetchError(error, 1000)).not.toContain(s);
          expect(describeFetchError(message, 1000)).not.toContain(s);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('headersProblem', () => {
  it('never quotes a header value, and names a header only when its name is a token (generated)', () => {
    fc.assert(
      fc.property(
        secret.chain((s) => fc.tuple(fc.constant(s), around(s), around(s))),
        fc.constantFrom('\r\n', '\n', '\0', '€', ''),
        ([s, value, name], bad) => {
          const problems = [
            headersProblem({ 'X-Api-Key': `${value}${bad}` }),
            headersProblem({ [`${name} `]: 'v' }),
            headersProblem({ Authorization: { token: value } }),
          ];
          for (const problem of problems) expect(problem ?? '').not.toContain(s);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
