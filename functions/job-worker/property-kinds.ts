import * as z from 'zod';
import { parseJson } from '../lib/schema';
import { truncate } from '../lib/text';
import type { PropertyKind } from './action-type';

/** Comma-separated items, trimmed, empty ones dropped (`"a, b,"` → `['a', 'b']`). */
const items = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** The longest part of a property's text a message quotes (never for a secret: those are not numbers). */
const QUOTED_CHARS = 40;

/** A number written as text (`"5"`, `" 2.5 "`). */
const numberText = z.string().transform((text, ctx) => {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (Number.isFinite(value)) return value;
  ctx.addIssue({
    code: 'custom',
    message: `expected a number, got ${JSON.stringify(truncate(text, QUOTED_CHARS))}`,
  });
  return z.NEVER;
});

const jsonText = z.string().transform((text, ctx) => {
  try {
    return parseJson(text, 'value');
  } catch (error) {
    const reason = (error as Error).message;
    ctx.addIssue({ code: 'custom', message: `expected JSON ${reason.slice(reason.indexOf('('))}` });
    return z.NEVER;
  }
});

/**
 * How each kind of property turns its text (CodePipeline hands every value over as text) into the
 * parameter's value; a problem is an issue at the property, in the words of `formatIssues`.
 *
 * @example
 * ```ts
 * PROPERTY_KINDS.numbers.parse('200, 204'); // [200, 204]
 * ```
 */
export const PROPERTY_KINDS: Record<PropertyKind, z.ZodType<unknown, string>> = {
  text: z.string(),
  number: numberText,
  boolean: z.stringbool({ truthy: ['true'], falsy: ['false'], case: 'insensitive' }),
  list: z.string().transform(items),
  numbers: z.string().transform(items).pipe(z.array(numberText)),
  json: jsonText,
  options: jsonText.pipe(z.record(z.string(), z.unknown())),
};
