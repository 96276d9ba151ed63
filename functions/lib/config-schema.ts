import * as z from 'zod';

/**
 * Building blocks for configuration schemas. Parameter Store holds strings: these coerce them
 * (numbers, booleans, StringList / JSON arrays, JSON documents) and give every key a default, so a
 * stack with an empty configuration path still works.
 *
 * @example
 * ```ts
 * const notifierConfig = setting.section({
 *   notifyOn: setting.list(['FAILED', 'STOPPED']),
 *   quietSuccess: setting.boolean(true),
 * });
 * ```
 */
export const setting = {
  /** A String parameter (default: `fallback`). */
  string: (fallback: string) => z.string().default(fallback),
  /** An optional String parameter with no default. */
  optionalString: () => z.string().optional(),
  /** A number, written as decimal text (default: `fallback`). */
  number: (fallback: number, bounds: { min?: number; max?: number } = {}) => {
    let schema = z.coerce.number<string | number>();
    if (bounds.min !== undefined) schema = schema.min(bounds.min);
    if (bounds.max !== undefined) schema = schema.max(bounds.max);
    return schema.default(fallback);
  },
  /** `true`/`false` (any case) (default: `fallback`). */
  boolean: (fallback: boolean) =>
    z
      .preprocess(
        (value) => (typeof value === 'boolean' ? String(value) : value),
        z.stringbool({ truthy: ['true', 'yes', '1'], falsy: ['false', 'no', '0'] }),
      )
      .default(fallback),
  /**
   * A StringList (comma separated) or a JSON array of strings (default: `fallback`). With `of`, each
   * entry must be one of those values; the loader can then drop an unknown entry on its own (see
   * `onInvalid` of `loadConfig`) instead of the whole parameter.
   */
  list: (fallback: string[], options: { of?: readonly [string, ...string[]] } = {}) => {
    const entry: z.ZodType<string> = options.of ? z.enum(options.of) : z.string();
    const schema = z.preprocess(
      (value) => (typeof value === 'string' ? splitList(value) : value),
      z.array(entry).default(fallback),
    );
    listEntries.set(schema, entry);
    return schema;
  },
  /** A JSON document validated by `schema` (default: `fallback`). */
  json: <S extends z.ZodType>(schema: S, fallback: z.input<S>) =>
    z.preprocess((value) => (typeof value === 'string' ? tryJson(value) : value), schema).prefault(fallback),
  /** A sub-path of parameters; every key inside is optional. */
  section: <Shape extends z.ZodRawShape>(shape: Shape) =>
    z.object(shape).prefault({} as z.input<z.ZodObject<Shape>>),
};

const listEntries = new WeakMap<z.ZodType, z.ZodType>();

/**
 * The entry schema of a {@link setting}.list, and the entries of a raw value as the list reads them;
 * `undefined` for any other schema.
 *
 * @example
 * ```ts
 * listSetting(setting.list([], { of: ['FAILED'] }))?.entries('FAILED,FAILD'); // ['FAILED', 'FAILD']
 * ```
 */
export function listSetting(
  schema: z.ZodType,
): { entry: z.ZodType; entries(raw: unknown): unknown } | undefined {
  const entry = listEntries.get(schema);
  return entry && { entry, entries: (raw) => (typeof raw === 'string' ? splitList(raw) : raw) };
}

function splitList(value: string): unknown {
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) return tryJson(trimmed);
  return trimmed === '' ? [] : trimmed.split(',').map((item) => item.trim());
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value; // the schema then reports the type mismatch, naming the parameter
  }
}
