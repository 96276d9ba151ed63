import type { CfnTemplate } from './project';

/** An IAM policy statement as written in the template (intrinsics left unresolved). */
export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: unknown;
  Condition?: unknown;
}

const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

const isNoValue = (value: unknown) =>
  typeof value === 'object' && value !== null && (value as { Ref?: unknown }).Ref === 'AWS::NoValue';

/**
 * The policy documents of a SAM function's `Policies`: inline ones (`- Statement: […]`) and those of the
 * template's managed policies it names (`- !Ref JobRunnerPolicy`).
 */
export function functionPolicies(template: CfnTemplate, logicalId: string): { Statement: unknown[] }[] {
  const policies = (template.Resources[logicalId]?.Properties?.Policies ?? []) as unknown[];
  return (Array.isArray(policies) ? policies : [policies])
    .map((policy) => {
      const ref = (policy as { Ref?: unknown } | null)?.Ref;
      const managed = typeof ref === 'string' ? template.Resources[ref] : undefined;
      return managed?.Type === 'AWS::IAM::ManagedPolicy' ? managed.Properties?.PolicyDocument : policy;
    })
    .filter(
      (policy): policy is { Statement: unknown[] } =>
        typeof policy === 'object' && policy !== null && 'Statement' in policy,
    );
}

/**
 * The policy statements of a SAM function ({@link functionPolicies}).
 * `conditional: 'exclude'` drops statements under `Fn::If` (they may not exist in a deployment:
 * they cannot be relied on to allow a call); `'include'` keeps both branches (what a deployment may grant).
 */
export function functionStatements(
  template: CfnTemplate,
  logicalId: string,
  conditional: 'include' | 'exclude',
): Statement[] {
  const documents = functionPolicies(template, logicalId);
  return documents.flatMap((document) =>
    document.Statement.flatMap((entry): Statement[] => {
      const branches = (entry as { 'Fn::If'?: unknown[] })['Fn::If'];
      if (!branches) return [entry as Statement];
      if (conditional === 'exclude') return [];
      return branches.slice(1).filter((branch) => !isNoValue(branch)) as Statement[];
    }),
  );
}

/** IAM `*` / `?` wildcard matching (`*` spans `/` and `:` too), case-sensitive unless told otherwise. */
export function wildcardMatches(
  pattern: string,
  text: string,
  options: { ignoreCase?: boolean } = {},
): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, options.ignoreCase ? 'i' : '').test(text);
}

/** IAM action matching: case-insensitive, `*` and `?` wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatches(pattern, action, { ignoreCase: true });
}

/** Whether the statements allow `action` on some resource (resource scoping is not evaluated). */
function allows(statements: Statement[], action: string): boolean {
  const denied = statements.some(
    (s) =>
      s.Effect === 'Deny' && s.Resource === '*' && asList(s.Action).some((p) => actionMatches(p, action)),
  );
  const allowed = statements.some(
    (s) => s.Effect === 'Allow' && asList(s.Action).some((p) => actionMatches(p, action)),
  );
  return allowed && !denied;
}

/** Required actions a function's unconditional statements do not allow. */
export function missingPermissions(template: CfnTemplate, logicalId: string, required: string[]): string[] {
  const statements = functionStatements(template, logicalId, 'exclude');
  return required.filter((action) => !allows(statements, action));
}

/** Every action (pattern) a function's statements may allow, conditional ones included. */
export function grantedActions(template: CfnTemplate, logicalId: string): string[] {
  return functionStatements(template, logicalId, 'include')
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) => asList(s.Action));
}

/** Every `Action`/`NotAction` value anywhere under `node` (IAM policies, key policies, queue/topic policies). */
export function allActionValues(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(allActionValues);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    (key === 'Action' || key === 'NotAction') && (typeof value === 'string' || Array.isArray(value))
      ? asList(value as string | string[]).filter((v) => typeof v === 'string')
      : allActionValues(value),
  );
}
