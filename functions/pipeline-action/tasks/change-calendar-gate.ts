import { GetCalendarStateCommand } from '@aws-sdk/client-ssm';
import * as z from 'zod';
import { ConfigurationError, awsErrorName, describeError } from '../../lib/errors';
import { listText } from '../../lib/text';
import { ssm } from './support/ssm-client';
import { waitIfTimeAllows } from './support/wait-if-time-allows';
import { defineTask } from './task';

/** Seconds between two looks at a closed calendar within one invocation. */
const RECHECK_MS = 30_000;

const params = z
  .strictObject({
    calendar: z.string().min(1).optional(),
    calendars: z.array(z.string().min(1)).min(1).max(10).optional(),
    waitMinutes: z
      .number()
      .min(0)
      .max(24 * 60)
      .default(0),
  })
  .refine((p) => (p.calendar === undefined) !== (p.calendars === undefined), {
    message: 'set exactly one of "calendar" (a name or ARN) or "calendars" (a list)',
  });

interface CalendarLook {
  name: string;
  state: string;
  nextTransition?: string;
}

async function lookAt(names: string[]): Promise<CalendarLook[]> {
  // One call per calendar so that a failure can name the calendars that are closed.
  return Promise.all(
    names.map(async (name) => {
      const answer = await ssm()
        .send(new GetCalendarStateCommand({ CalendarNames: [name] }))
        .catch((error: unknown) => {
          if (awsErrorName(error) !== 'InvalidDocument') throw error;
          throw new ConfigurationError(`Change calendar "${name}" does not exist (${describeError(error)})`);
        });
      return { name, state: answer.State ?? 'UNKNOWN', nextTransition: answer.NextTransitionTime };
    }),
  );
}

function describeClosed(closed: CalendarLook[]): string {
  return closed
    .map(
      (c) =>
        `${c.name} is ${c.state}${c.nextTransition ? ` until ${c.nextTransition}` : ' (no transition scheduled)'}`,
    )
    .join('; ');
}

/**
 * `change-calendar-gate`: passes when every SSM Change Calendar is OPEN. When one is CLOSED it fails
 * at once, or, with `waitMinutes`, re-checks (across invocations) until it opens or the wait is over.
 *
 * @example UserParameters
 * ```json
 * {"task":"change-calendar-gate","calendar":"prod-change-freeze","waitMinutes":60}
 * ```
 */
export const changeCalendarGateTask = defineTask({
  name: 'change-calendar-gate',
  description: 'Passes when the SSM Change Calendar(s) are OPEN; optionally waits for them to open',
  params,
  state: z.strictObject({ waitUntil: z.number().int() }),
  async run(p, ctx) {
    const names = p.calendars ?? [p.calendar!];
    const waitUntil = ctx.previous?.waitUntil ?? Date.now() + p.waitMinutes * 60_000;
    for (;;) {
      const looks = await lookAt(names);
      const closed = looks.filter((c) => c.state !== 'OPEN');
      if (closed.length === 0) {
        return {
          status: 'succeeded',
          summary: `Change calendar${names.length > 1 ? 's' : ''} ${listText(names)} OPEN`,
          outputVariables: { CalendarState: 'OPEN' },
        };
      }
      const what = describeClosed(closed);
      const waitLeft = waitUntil - Date.now();
      if (waitLeft <= 0) {
        const waited = p.waitMinutes > 0 ? ` after waiting ${p.waitMinutes} min` : '';
        return {
          status: 'failed',
          message: `Change calendar closed${waited}: ${what}. Deploy when it opens, or retry the stage.`,
        };
      }
      if (!(await waitIfTimeAllows(Math.min(RECHECK_MS, waitLeft), 0))) {
        return {
          status: 'inProgress',
          state: { waitUntil },
          summary: `Waiting for the change calendar to open (${what}); giving up at ${new Date(waitUntil).toISOString()}`,
          percentComplete: (1 - waitLeft / (p.waitMinutes * 60_000)) * 100,
        };
      }
    }
  },
});
