import { describeJsonType } from './json-path';

/** Characters an HTTP header name (an RFC 9110 token) may hold. */
const TOKEN = /^[-!#$%&'*+.^_`|~0-9A-Za-z]+$/;

/**
 * Says what is wrong with request headers, or `undefined` when fetch can send them. The message names
 * a header only when its name is a valid token, and never quotes a value (header values are often
 * secrets): it gives the value's length instead.
 *
 * @example
 * ```ts
 * headersProblem({ 'X-Api-Key': 'abc\r\nX-Evil: 1' });
 * // 'header X-Api-Key has an invalid value (15 characters): CR, LF, NUL and characters above U+00FF are not allowed'
 * ```
 */
export function headersProblem(headers: Record<string, unknown>): string | undefined {
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) {
      return `a header name is not an HTTP token (${name.length} characters): use letters, digits and !#$%&'*+-.^_\`|~ only`;
    }
    if (typeof value !== 'string') return `header ${name} must be a string (got ${describeJsonType(value)})`;
    if (!isHeaderValue(value)) {
      return `header ${name} has an invalid value (${value.length} characters): CR, LF, NUL and characters above U+00FF are not allowed`;
    }
  }
  return undefined;
}

function isHeaderValue(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0 || code === 10 || code === 13 || code > 0xff) return false;
  }
  return true;
}
