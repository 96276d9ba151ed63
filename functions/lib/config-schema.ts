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
   * A StringList (comma separated) or a JSON array of strings (default: `fallback`); entries are
   * trimmed. A value must hold at least one entry, and an entry is never blank: an empty value (` `,
   * `[]`, `,`) is invalid, never an empty list — a blank state list would silence every notification
   * and a blank pattern would match nothing. With `of`, each entry must be one of those values. The
   * loader can then drop an invalid entry on its own (see `onInvalid` of `loadConfig`) instead of the
   * whole parameter, and use the default when no entry is left.
   */
  list: (fallback: string[], options: { of?: readonly [string, ...string[]] } = {}) => {
    const entry: z.ZodType<string> = options.of ? z.enum(options.of) : z.string().min(1);
    const schema = z.preprocess(
      (value) => (typeof value === 'string' ? splitList(value) : trimEntries(value)),
      z.array(entry).min(1).default(fallback),
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
 * The entry schema of a {@link setting}.list, and the entries of a raw value as the list reads them
 * (trimmed; `[]` for a blank value); `undefined` for any other schema.
 *
 * @example
 * ```ts
 * listSetting(setting.list([], { of: ['FAILED'] }))?.entries('FAILED, FAILD'); // ['FAILED', 'FAILD']
 * listSetting(setting.list([], { of: ['FAILED'] }))?.entries(' '); // []
 * ```
 */
export function listSetting(
  schema: z.ZodType,
): { entry: z.ZodType; entries(raw: unknown): unknown } | undefined {
  const entry = listEntries.get(schema);
  return entry && { entry, entries: (raw) => (typeof raw === 'string' ? splitList(raw) : trimEntries(raw)) };
}

/** `a, b` → `['a', 'b']`; `["a"]` → `['a']`; blank → `[]` (which the list then refuses, by name). */
function splitList(value: string): unknown {
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) return trimEntries(tryJson(trimmed));
  return trimmed === '' ? [] : trimmed.split(',').map((item) => item.trim());
}

/** The text entries of an array trimmed (` FAILED ` in a JSON array reads as `FAILED`); anything else as it is. */
function trimEntries(value: unknown): unknown {
  return Array.isArray(value)
    ? value.map((item: unknown) => (typeof item === 'string' ? item.trim() : item))
    : value;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value; // the schema then reports the type mismatch, naming the parameter
  }
}
