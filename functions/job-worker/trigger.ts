import * as z from 'zod';
import { UnsupportedEventError } from '../lib/errors';

/** Why the worker was invoked: an action of some type started, or the schedule's sweep. */
export type Trigger =
  | {
      kind: 'action-started';
      /** The action's type as the event names it (owner, category, provider, version). */
      type: Record<'owner' | 'category' | 'provider' | 'version', string>;
      /** The event's state (the rule sends STARTED; anything else is not a job to look for). */
      state: string;
      pipeline?: string;
      executionId?: string;
    }
  | { kind: 'sweep' };

/** `detail.version` and the like may come as a number or as text (EventBridge's CodePipeline events). */
const text = z.union([z.string(), z.number()]).transform(String);

const actionEvent = z.object({
  source: z.literal('aws.codepipeline'),
  'detail-type': z.literal('CodePipeline Action Execution State Change'),
  detail: z.object({
    state: z.string(),
    type: z.object({ owner: z.string(), category: z.string(), provider: z.string(), version: text }),
    pipeline: z.string().optional().catch(undefined),
    'execution-id': z.string().optional().catch(undefined),
  }),
});

const scheduledEvent = z.object({
  source: z.literal('aws.events'),
  'detail-type': z.literal('Scheduled Event'),
});

/** Names what an event is (its source and detail-type, or its type) without quoting more of it. */
function describe(event: unknown): string {
  if (event === null || typeof event !== 'object') return event === null ? 'null' : typeof event;
  const { source, 'detail-type': detailType } = event as Record<string, unknown>;
  const name = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : 'none');
  return `an event with source ${name(source)} and detail-type ${name(detailType)}`;
}

/**
 * Reads what invoked the worker: an EventBridge `CodePipeline Action Execution State Change` (its
 * action type and state), or the schedule's `Scheduled Event` (a sweep). Anything else, an action
 * event without a readable type included, throws {@link UnsupportedEventError}: no type can be polled
 * for it.
 *
 * @example
 * ```ts
 * readTrigger({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} }); // { kind: 'sweep' }
 * ```
 */
export function readTrigger(event: unknown): Trigger {
  const action = actionEvent.safeParse(event);
  if (action.success) {
    const { detail } = action.data;
    return {
      kind: 'action-started',
      type: detail.type,
      state: detail.state,
      pipeline: detail.pipeline,
      executionId: detail['execution-id'],
    };
  }
  if (scheduledEvent.safeParse(event).success) return { kind: 'sweep' };
  throw new UnsupportedEventError(
    `This function serves CodePipeline custom action jobs: expected a "CodePipeline Action Execution State Change" event with detail.type and detail.state, or the schedule's "Scheduled Event"; got ${describe(event)}`,
  );
}
