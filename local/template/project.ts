import { join } from 'node:path';
import { type CfnTemplate, readTemplate } from './cfn-yaml';
import { type FunctionSpec, functionIds, functionSpec } from './functions';
import { type ResolveContext, resolve } from './intrinsics';
import { localInvokeSettings } from './samconfig';

/** Options of {@link loadProject}. */
export interface ProjectOptions {
  /** Repository root holding template.yaml and samconfig.toml (default: the current directory). */
  rootDir?: string;
  /** Region (default: AWS_REGION, AWS_DEFAULT_REGION, samconfig's region, else eu-west-1 like the sample events). */
  region?: string;
  /**
   * Parameter values (`--parameter-overrides`): like SAM CLI, they replace samconfig's
   * `parameter_overrides` whole; parameters named in neither take their template defaults.
   */
  parameterOverrides?: Record<string, string>;
  /** samconfig environment (default: `default`). */
  configEnv?: string;
}

/** The template resolved for local runs. */
export interface Project {
  rootDir: string;
  region: string;
  template: CfnTemplate;
  context: ResolveContext;
  /** Logical ids of every function. */
  functionIds: string[];
  /** The resolved settings of a function. */
  spec(logicalId: string): FunctionSpec;
  /** ARNs of the template's SNS topics (as `Ref` resolves them), so the endpoint accepts them. */
  topicArns: string[];
}

/** Stack name the pseudo parameter `AWS::StackName` resolves to locally. */
const LOCAL_STACK_NAME = 'pipewright-local';

/**
 * Reads template.yaml and samconfig.toml the way `sam local invoke` does.
 *
 * @example
 * ```ts
 * const project = loadProject();
 * project.spec('NotifierFunction').environment.PIPEWRIGHT_CONFIG_PATH; // '/pipewright/dev/'
 * ```
 */
export function loadProject(options: ProjectOptions = {}): Project {
  const rootDir = options.rootDir ?? process.cwd();
  const template = readTemplate(join(rootDir, 'template.yaml'));
  const samconfig = localInvokeSettings(join(rootDir, 'samconfig.toml'), options.configEnv);
  const region =
    options.region ??
    process.env.AWS_REGION ??
    process.env.AWS_DEFAULT_REGION ??
    samconfig.region ??
    'eu-west-1'; // the sample events' region, so local ARNs and console links agree
  const context: ResolveContext = {
    template,
    region,
    stackName: LOCAL_STACK_NAME,
    parameters: options.parameterOverrides ?? samconfig.parameterOverrides,
  };
  const topicArns = Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::SNS::Topic')
    .map(([id]) => String(resolve(context, { Ref: id })));
  return {
    rootDir,
    region,
    template,
    context,
    functionIds: functionIds(template),
    spec: (logicalId) => functionSpec(context, rootDir, logicalId),
    topicArns,
  };
}
