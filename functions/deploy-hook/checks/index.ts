import type { CheckDefinition } from './check';
import { alarmsCheck } from './alarms';
import { httpCheck } from './http';
import { invokeCheck } from './invoke';

/**
 * Every check the hook can run, by the name configuration uses. Adding a check = one file in this
 * folder + one line here.
 */
export const checks: ReadonlyMap<string, CheckDefinition> = new Map(
  ([invokeCheck, alarmsCheck, httpCheck] as CheckDefinition[]).map((check) => [check.name, check]),
);
