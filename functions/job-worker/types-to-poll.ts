import { truncate } from '../lib/text';
import { type DeclaredType, findDeclared } from './declared';
import type { Trigger } from './trigger';

/** The longest part of an event's text quoted in a reason (an event may carry anything). */
const SHOWN_CHARS = 60;

/** Why an action event polls nothing: a short name (the worker returns it) and a sentence (logged). */
export interface Skip {
  name: 'not-custom' | 'not-started' | 'undeclared-type';
  why: string;
}

/**
 * The declared types to poll for a trigger: every one on a sweep; on an action-started event only the
 * type the action has, when it is a custom action this worker declares and the action STARTED —
 * otherwise none, and `skip` says why (an action of another owner is never polled for).
 *
 * @example
 * ```ts
 * typesToPoll({ kind: 'sweep' }, types).targets.length === types.length; // true
 * ```
 */
export function typesToPoll(
  trigger: Trigger,
  types: readonly DeclaredType[],
): { targets: readonly DeclaredType[]; skip?: Skip } {
  if (trigger.kind === 'sweep') return { targets: types };
  const show = (text: string) => JSON.stringify(truncate(text, SHOWN_CHARS));
  const skipped = (name: Skip['name'], why: string) => ({ targets: [], skip: { name, why } });
  const { type, state } = trigger;
  if (type.owner !== 'Custom') {
    return skipped('not-custom', `the action's owner is ${show(type.owner)}: not a custom action`);
  }
  if (state !== 'STARTED') return skipped('not-started', `the action is ${show(state)}, not STARTED`);
  const declared = findDeclared(types, type);
  if (declared) return { targets: [declared] };
  const id = [type.category, type.provider, type.version].map(show).join('/');
  return skipped('undeclared-type', `the action type ${id} is not one this worker declares`);
}
