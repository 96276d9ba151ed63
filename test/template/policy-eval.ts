import { type Statement, actionMatches, wildcardMatches } from './iam-policy';

/** A resource policy statement (key, queue or topic policy), intrinsics resolved. */
export interface ResourceStatement extends Statement {
  Principal?: '*' | { AWS?: string | string[]; Service?: string | string[] };
}

/** Who asks, for what, and the request's condition keys (`aws:SourceArn`, `kms:ViaService`, …). */
export interface PolicyRequest {
  principal: { AWS: string } | { Service: string };
  action: string;
  resource: string;
  context: Record<string, string>;
}

/** The outcome of a resource policy alone: an explicit Deny wins, then an Allow, else nothing applies. */
export type Decision = 'deny' | 'allow' | 'none';

const list = (value: unknown): string[] => (value === undefined ? [] : [value].flat().map(String));
const accountOf = (arn: string) => arn.split(':')[4];

function principalMatches(principal: ResourceStatement['Principal'], request: PolicyRequest): boolean {
  if (principal === undefined || principal === '*') return true; // no Principal: an identity policy
  if ('Service' in request.principal) return list(principal?.Service).includes(request.principal.Service);
  const caller = request.principal.AWS;
  // an account-root principal stands for every principal of that account (delegation to IAM)
  return list(principal?.AWS).some(
    (p) => p === '*' || p === caller || (p.endsWith(':root') && accountOf(p) === accountOf(caller)),
  );
}

type Matcher = (expected: string, actual: string) => boolean;
const OPERATORS: Record<string, { matches: Matcher; negated: boolean }> = {
  StringEquals: { matches: (e, a) => e === a, negated: false },
  StringNotEquals: { matches: (e, a) => e === a, negated: true },
  StringLike: { matches: (e, a) => wildcardMatches(e, a), negated: false },
  ArnEquals: { matches: (e, a) => wildcardMatches(e, a), negated: false },
  ArnLike: { matches: (e, a) => wildcardMatches(e, a), negated: false },
  ArnNotEquals: { matches: (e, a) => wildcardMatches(e, a), negated: true },
  ArnNotLike: { matches: (e, a) => wildcardMatches(e, a), negated: true },
  Bool: { matches: (e, a) => e === a, negated: false },
};

/** IAM's rule: keys of one operator and operators of one statement all must hold; a key missing
 * from the request fails a positive operator and satisfies a negated one. */
function conditionHolds(condition: unknown, context: Record<string, string>): boolean {
  const lowerContext = new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v]));
  return Object.entries((condition ?? {}) as Record<string, Record<string, unknown>>).every(
    ([name, keys]) => {
      const operator = OPERATORS[name];
      if (!operator) throw new Error(`policy-eval does not know the condition operator ${name}`);
      return Object.entries(keys).every(([key, expected]) => {
        const actual = lowerContext.get(key.toLowerCase());
        if (actual === undefined) return operator.negated;
        const matched = list(expected).some((e) => operator.matches(e, actual));
        return operator.negated ? !matched : matched;
      });
    },
  );
}

function applies(statement: ResourceStatement, request: PolicyRequest): boolean {
  return (
    principalMatches(statement.Principal, request) &&
    list(statement.Action).some((a) => actionMatches(a, request.action)) &&
    list(statement.Resource ?? '*').some((r) => wildcardMatches(r, request.resource)) &&
    conditionHolds(statement.Condition, request.context)
  );
}

/**
 * Evaluates a resource policy for one request, the way IAM does for the statements it supports
 * (the operators the template uses; an unknown one throws rather than guess).
 *
 * @example
 * ```ts
 * evaluate(topicPolicy.Statement, { principal: { AWS: roleArn }, action: 'sns:Publish', resource: topicArn, context: {} });
 * ```
 */
export function evaluate(statements: ResourceStatement[], request: PolicyRequest): Decision {
  const matching = statements.filter((s) => applies(s, request));
  if (matching.some((s) => s.Effect === 'Deny')) return 'deny';
  return matching.some((s) => s.Effect === 'Allow') ? 'allow' : 'none';
}
