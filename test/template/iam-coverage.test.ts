import { buildFunction, type FunctionBundle } from './bundle';
import { type CfnTemplate, loadTemplate } from './project';
import { GRANTED_WITHOUT_SDK_CALL, callsOf } from './iam-calls';
import { actionMatches, functionPolicies, grantedActions, missingPermissions } from './iam-policy';
import {
  bundledCommandModules,
  CREDENTIAL_CHAIN_SERVICE_IDS,
  IAM_PREFIX_BY_SERVICE_ID,
  sdkOperations,
} from './sdk-operations';

const template = loadTemplate();
const FUNCTION_IDS = [
  'PipelineActionFunction',
  'DeployHookFunction',
  'NotifierFunction',
  'JobWorkerFunction',
] as const;

function withoutAction(source: CfnTemplate, id: string, action: string): CfnTemplate {
  const copy = structuredClone(source);
  for (const policy of functionPolicies(copy, id) as Array<{ Statement: object[] }>) {
    policy.Statement = policy.Statement.map((s) => {
      const statement = s as { Action?: string | string[] };
      if (statement.Action === undefined) return s;
      return { ...statement, Action: [statement.Action].flat().filter((a) => a !== action) };
    }).filter((s) => (s as { Action?: string[] }).Action?.length !== 0);
  }
  return copy;
}

const bundles = new Map<string, FunctionBundle>();

beforeAll(async () => {
  for (const id of FUNCTION_IDS) bundles.set(id, await buildFunction(template, id));
}, 120_000);

describe.each(FUNCTION_IDS)('the IAM policy of %s', (id) => {
  const bundle = () => bundles.get(id)!;

  it('belongs to a handler that bundles with the template BuildProperties and exports handler', () => {
    expect(bundle().code).toMatch(/[{,]handler:\(\)=>/);
    expect(bundle().code).toMatch(/\/\/# sourceMappingURL=/);
  });

  it('sees every SDK command esbuild kept in the bundle', () => {
    const operations = sdkOperations(bundle().code);
    expect(operations.length).toBeGreaterThan(0);
    expect(operations).toHaveLength(bundledCommandModules(bundle()).length);
  });

  it('knows the IAM prefix of every AWS service the bundle talks to', () => {
    const unknown = sdkOperations(bundle().code)
      .map((op) => op.serviceId)
      .filter((service) => !IAM_PREFIX_BY_SERVICE_ID[service] && !CREDENTIAL_CHAIN_SERVICE_IDS.has(service));
    expect(unknown).toEqual([]);
  });

  it('allows every AWS call the bundle can make with the function role', () => {
    const { required } = callsOf(id, bundle());
    expect(required.length).toBeGreaterThan(0);
    expect(missingPermissions(template, id, required)).toEqual([]);
  });

  it('reports a call whose permission is removed from the policy', () => {
    for (const action of callsOf(id, bundle()).required) {
      expect(missingPermissions(withoutAction(template, id, action), id, [action])).toEqual([action]);
    }
  });

  it('grants no action the bundle never calls', () => {
    const { callable } = callsOf(id, bundle());
    const allowance = GRANTED_WITHOUT_SDK_CALL[id] ?? [];
    const unused = grantedActions(template, id).filter(
      (granted) => !allowance.includes(granted) && !callable.some((action) => actionMatches(granted, action)),
    );
    expect(unused).toEqual([]);
  });
});
