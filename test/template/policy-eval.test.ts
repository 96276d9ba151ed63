import { type ResourceStatement, evaluate } from './policy-eval';

const topic = 'arn:aws:sns:eu-west-1:123456789012:alerts';
const role = 'arn:aws:iam::123456789012:role/pipewright/stack/notifier';
const request = (principal: { AWS: string } | { Service: string }, context: Record<string, string> = {}) => ({
  principal,
  action: 'sns:Publish',
  resource: topic,
  context,
});

describe('evaluate (the template tests’ resource-policy evaluator)', () => {
  it('lets an explicit Deny win over an Allow, and answers none when nothing applies', () => {
    const allow: ResourceStatement = { Effect: 'Allow', Principal: '*', Action: 'sns:*', Resource: topic };
    const deny: ResourceStatement = { ...allow, Effect: 'Deny', Action: 'sns:Publish' };
    expect(evaluate([allow], request({ AWS: role }))).toBe('allow');
    expect(evaluate([allow, deny], request({ AWS: role }))).toBe('deny');
    expect(evaluate([{ ...allow, Resource: `${topic}-other` }], request({ AWS: role }))).toBe('none');
  });

  it('treats an account-root principal as every principal of that account only', () => {
    const root: ResourceStatement = {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::123456789012:root' },
      Action: 'sns:Publish',
    };
    expect(evaluate([root], request({ AWS: role }))).toBe('allow');
    expect(evaluate([root], request({ AWS: 'arn:aws:iam::210987654321:role/x' }))).toBe('none');
    expect(evaluate([root], request({ Service: 'cloudwatch.amazonaws.com' }))).toBe('none');
  });

  it('fails a positive operator and satisfies a negated one when the key is missing', () => {
    const deny: ResourceStatement = {
      Effect: 'Deny',
      Principal: '*',
      Action: 'sns:Publish',
      Condition: {
        ArnNotEquals: { 'aws:PrincipalArn': role, 'aws:SourceArn': 'arn:aws:cloudwatch:*:*:alarm:a' },
      },
    };
    const allow: ResourceStatement = {
      ...deny,
      Effect: 'Allow',
      Condition: { ArnLike: { 'aws:SourceArn': '*' } },
    };
    expect(evaluate([deny], request({ AWS: 'arn:aws:iam::123456789012:role/other' }))).toBe('deny');
    expect(evaluate([deny], request({ AWS: role }, { 'aws:PrincipalArn': role }))).toBe('none');
    expect(evaluate([allow], request({ Service: 'cloudwatch.amazonaws.com' }))).toBe('none');
    const fromAlarm = { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:a' };
    expect(evaluate([deny, allow], request({ Service: 'cloudwatch.amazonaws.com' }, fromAlarm))).toBe(
      'allow',
    );
  });

  it('throws on a condition operator it does not know rather than guess', () => {
    const statement: ResourceStatement = {
      Effect: 'Allow',
      Principal: '*',
      Action: 'sns:Publish',
      Condition: { DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } },
    };
    expect(() => evaluate([statement], request({ AWS: role }))).toThrow(/DateGreaterThan/);
  });
});
