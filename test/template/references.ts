import type { CfnTemplate } from './project';

/** A name a template refers to, and where. */
export interface Reference {
  kind: 'value' | 'condition';
  name: string;
  at: string;
}

export const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/** `${Name}` / `${Name.Attribute}` variables of an Fn::Sub string (`${!Literal}` is not a variable). */
function subVariables(text: string): string[] {
  return [...text.matchAll(/\$\{([^!}][^}]*)\}/g)].map(([, name]) => name!.trim());
}

/** Every Ref, GetAtt, Sub variable and condition name used in a template. */
export function templateReferences(template: CfnTemplate): Reference[] {
  const found: Reference[] = [];
  const visit = (node: unknown, at: string): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${at}[${i}]`));
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      const here = `${at}.${key}`;
      if (key === 'Ref' && typeof value === 'string') found.push({ kind: 'value', name: value, at: here });
      else if (key === 'Fn::GetAtt')
        found.push({ kind: 'value', name: String((value as unknown[])[0]), at: here });
      else if (key === 'Fn::If') {
        const [condition, ...branches] = value as unknown[];
        found.push({ kind: 'condition', name: String(condition), at: here });
        visit(branches, here);
      } else if (key === 'Fn::Sub') {
        const [text, variables = {}] = typeof value === 'string' ? [value] : (value as [string, object?]);
        const local = new Set(Object.keys(variables));
        for (const name of subVariables(text)) {
          if (!local.has(name)) found.push({ kind: 'value', name: name.split('.')[0]!, at: here });
        }
        visit(variables, here);
      } else if (key === 'Condition' && typeof value === 'string') {
        found.push({ kind: 'condition', name: value, at: here });
      } else visit(value, here);
    }
  };
  for (const section of ['Conditions', 'Globals', 'Resources', 'Outputs'] as const) {
    visit(template[section], section);
  }
  return found;
}

/**
 * Logical ids SAM generates from a template that other resources may reference: the function's role
 * and, for each EventBridgeRule event, the rule `<FunctionId><EventId>`.
 */
export function samGeneratedIds(template: CfnTemplate): string[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Serverless::Function')
    .flatMap(([id, resource]) => {
      const events = (resource.Properties?.Events ?? {}) as Record<string, { Type: string }>;
      const rules = Object.entries(events)
        .filter(([, event]) => event.Type === 'EventBridgeRule')
        .map(([eventId]) => `${id}${eventId}`);
      return [`${id}Role`, ...rules];
    });
}
