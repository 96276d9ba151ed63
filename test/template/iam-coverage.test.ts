import { buildFunction, type FunctionBundle } from './bundle';
import { type CfnTemplate, loadTemplate } from './project';
import { actionMatches, grantedActions, missingPermissions } from './iam-policy';
import {
  bundledCommandModules,
  CREDENTIAL_CHAIN_SERVICE_IDS,
  IAM_PREFIX_BY_SERVICE_ID,
  ownCodeNamesCommand,
  sdkOperations,
} from './sdk-operations';

const template = loadTemplate();
const FUNCTION_IDS = ['PipelineActionFunction', 'DeployHookFunction', 'NotifierFunction'] as const;

/** Calls in a bundle that are made with other credentials than the function's role. */
const NOT_MADE_WITH_FUNCTION_ROLE: Record<string, Record<string, string>> = {
  PipelineActionFunction: {
    // Input artifacts are read with the job's artifactCredentials (functions/pipeline-action/job/artifacts.ts).
    's3:GetObject': 'input artifacts are read with the job artifactCredentials',
    // S3 Express One Zone session, created by the S3 client itself, with the same credentials.
    's3:CreateSession': 'S3 client internals, with the job artifactCredentials',
  },
};

/**
 * Commands bundled only because a library class references them, for methods pipewright never
 * calls. Honoured only while no pipewright source file in the bundle names `<Operation>Command`.
 */
const LIBRARY_ONLY: Record<string, string> = {
  'ssm:GetParameter': 'Powertools SSMProvider.get (loadConfig uses getMultiple = GetParametersByPath)',
  'ssm:GetParameters': 'Powertools SSMProvider.getParametersByName',
  'ssm:PutParameter': 'Powertools SSMProvider.set',
};

/** Permissions a function needs without making the SDK call itself. */
const GRANTED_WITHOUT_SDK_CALL: Record<string, string[]> = {
  // sns:Publish to a KMS-encrypted topic needs the publisher to be allowed to use the topic's key;
  // kms:Decrypt also reads SecureString configuration under a customer managed key (ConfigKmsKeyArn).
  NotifierFunction: ['kms:GenerateDataKey', 'kms:Decrypt'],
  DeployHookFunction: ['kms:Decrypt'],
  // StartAutomationExecution with AutomationAssumeRole checks that the caller may pass that role.
  PipelineActionFunction: ['iam:PassRole'],
};

interface Calls {
  /** IAM actions the function role must allow. */
  required: string[];
  /** Every IAM action the bundle's SDK commands could need. */
  callable: string[];
}

function callsOf(id: string, bundle: FunctionBundle): Calls {
  const operations = sdkOperations(bundle.code).filter(
    (op) => !CREDENTIAL_CHAIN_SERVICE_IDS.has(op.serviceId),
  );
  const callable = [...new Set(operations.map((op) => op.action ?? `unknown:${op.serviceId}`))];
  const required = operations
    .filter((op) => !NOT_MADE_WITH_FUNCTION_ROLE[id]?.[op.action!])
    .filter((op) => !(LIBRARY_ONLY[op.action!] && !ownCodeNamesCommand(bundle, op.operation)))
    .map((op) => op.action!);
  return { required: [...new Set(required)], callable };
}

function withoutAction(source: CfnTemplate, id: string, action: string): CfnTemplate {
  const copy = structuredClone(source);
  for (const policy of copy.Resources[id]!.Properties!.Policies as Array<{ Statement: object[] }>) {
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
