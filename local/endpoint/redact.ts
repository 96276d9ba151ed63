import { countText, truncate } from '../../functions/lib/text';

const SECRET_KEY = /secret|password|passphrase|sessiontoken|accesskey|credential|authorization|^value$/i;

/**
 * One-line summary of an operation input: scalars shown (long strings cut), keys that look secret
 * replaced by `***`, nested objects summarized. Never prints Parameter Store values or credentials.
 */
export function summarizeInput(input: unknown, maxString = 60): string {
  const show = (value: unknown, depth: number): string => {
    if (value === null || value === undefined) return String(value);
    if (typeof value === 'string') {
      const oneLine = value.replace(/\s+/g, ' ');
      return JSON.stringify(truncate(oneLine, maxString));
    }
    if (typeof value !== 'object') return String(value);
    if (Array.isArray(value)) {
      if (depth > 1) return `[${countText(value.length, 'item')}]`;
      const items = value.slice(0, 5).map((item) => show(item, depth + 1));
      return `[${items.join(', ')}${value.length > 5 ? `, …+${value.length - 5}` : ''}]`;
    }
    if (depth > 1) return '{…}';
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${k}: ${SECRET_KEY.test(k) ? '***' : show(v, depth + 1)}`).join(', ')}}`;
  };
  return show(input, 0);
}

/**
 * Replaces every known secret string (SecureString values, artifact credentials, CodeBuild
 * environment values) in a text that is about to be printed.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(...values: (string | undefined)[]): this {
    for (const value of values) if (value && value.length >= 3) this.secrets.add(value);
    return this;
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out;
  }
}
