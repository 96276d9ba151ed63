import type { StatementDescription } from '../../cdk/description/function-description';
import type { Deployment } from './deployed';
import type { CfnResource } from './project';

/** JSON with sorted keys and sorted lists of strings: equal for the same policy, whatever the order. */
export function canonical(value: unknown): string {
  const sort = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      const items = node.map(sort);
      return items.every((i) => typeof i === 'string') ? [...(items as string[])].sort() : items;
    }
    if (typeof node !== 'object' || node === null) return node;
    return Object.fromEntries(
      Object.keys(node)
        .sort()
        .map((k) => [k, sort((node as Record<string, unknown>)[k])]),
    );
  };
  return JSON.stringify(sort(value));
}

const asList = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * Resources naming a `~` level: template.yaml pads a ConfigPath shorter than five levels with `~` to deny
 * each ancestor without a loop. No parameter name holds a `~`, so they deny nothing.
 */
const isPadding = (resource: unknown) => typeof resource === 'string' && resource.includes('/~');

/** A statement as the comparison sees it: effect, actions, resources (padding dropped), conditions. */
export function statementShape(s: {
  Effect?: unknown;
  Action?: unknown;
  Resource?: unknown;
  Condition?: unknown;
}): string {
  const resources = asList(s.Resource).filter((r) => !isPadding(r));
  return canonical({
    Effect: s.Effect,
    Action: asList(s.Action),
    Resource: resources,
    Condition: s.Condition,
  });
}

/** A described statement in template form. */
export function templateStatement(s: StatementDescription): Record<string, unknown> {
  return {
    Sid: s.sid,
    Effect: s.effect ?? 'Allow',
    Action: [...s.actions],
    Resource: [...s.resources],
    ...(s.conditions && { Condition: s.conditions }),
  };
}

/** The resolved statements of a SAM function's `Policies`, inline or in a managed policy of the template. */
export function resolvedStatements(stack: Deployment, fn: CfnResource): Record<string, unknown>[] {
  return asList(fn.Properties?.Policies).flatMap((policy) => {
    const ref = (policy as { Ref?: unknown }).Ref;
    const managed = typeof ref === 'string' ? stack.template.Resources[ref] : undefined;
    const document = (managed?.Properties?.PolicyDocument ?? policy) as { Statement?: unknown };
    return asList(stack.resolve(document.Statement)) as Record<string, unknown>[];
  });
}
