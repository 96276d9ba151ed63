import * as z from 'zod';

/**
 * An incidental event field: one a notification can do without (a start time, a trigger, a link).
 * A value without the expected shape reads as absent instead of rejecting the event — a failure must
 * not be silenced because a detail around it is odd. Only the fields a notification cannot exist
 * without (the pipeline and its execution id and state, a build's id and status, a deployment's id
 * and state) are required in the families' schemas.
 *
 * @example
 * ```ts
 * z.object({ state: z.string().min(1), 'start-time': incidental(z.string()) }).parse({ state: 'FAILED', 'start-time': 42 });
 * // { state: 'FAILED', 'start-time': undefined }
 * ```
 */
export function incidental<S extends z.ZodType>(schema: S) {
  return schema.optional().catch(undefined);
}

/**
 * An incidental list: items without the expected shape are dropped, and a value that is not a list
 * reads as an empty one (default: `[]` when absent).
 *
 * @example
 * ```ts
 * tolerantList(z.string()).parse(['a', 1, 'b']); // ['a', 'b']
 * tolerantList(z.string()).parse('a'); // []
 * ```
 */
export function tolerantList<S extends z.ZodType>(item: S) {
  return z
    .array(z.unknown())
    .catch([])
    .transform((items) =>
      items.flatMap((value) => {
        const parsed = item.safeParse(value);
        return parsed.success ? [parsed.data as z.output<S>] : [];
      }),
    );
}

/** An AWS region name (`eu-west-1`, `us-gov-west-1`, `cn-north-1`). */
export const regionName = z.string().regex(/^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/);

/**
 * The event's region: anything but a {@link regionName} reads as the function's own region
 * (`AWS_REGION`), since console links and ARNs are built from it.
 */
export const awsRegion = regionName.catch(() => process.env.AWS_REGION ?? 'unknown');

/** A 12-digit AWS account id; anything else reads as `unknown`. */
export const awsAccount = z
  .string()
  .regex(/^\d{12}$/)
  .catch('unknown');
