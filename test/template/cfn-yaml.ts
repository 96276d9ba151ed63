import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type Tags } from 'yaml';

/** A CloudFormation/SAM template in long form (`!Ref X` read as `{ Ref: 'X' }`). */
export interface CfnTemplate {
  Parameters?: Record<string, { Type: string; Default?: unknown; [key: string]: unknown }>;
  Conditions?: Record<string, unknown>;
  Globals?: { Function?: Record<string, unknown>; [key: string]: unknown };
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; [key: string]: unknown }>;
  [key: string]: unknown;
}

/** One resource of a {@link CfnTemplate}. */
export interface CfnResource {
  Type: string;
  Condition?: string;
  Metadata?: Record<string, unknown>;
  Properties?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The repository root (this file lives in test/template/). */
export const projectRoot = path.resolve(__dirname, '..', '..');

/** Short-form intrinsic functions: `!Name` becomes `{ 'Fn::Name': … }` (`!Ref` and `!Condition` keep their names). */
const FUNCTIONS = [
  'And',
  'Base64',
  'Cidr',
  'Equals',
  'FindInMap',
  'GetAZs',
  'GetAtt',
  'If',
  'ImportValue',
  'Join',
  'Not',
  'Or',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'ToJsonString',
  'Length',
];

function longForm(name: string, value: unknown): Record<string, unknown> {
  if (name === 'Ref' || name === 'Condition') return { [name]: value };
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

/** yaml custom tags for every short form, as scalar, sequence or mapping. */
export const cfnTags: Tags = ['Ref', 'Condition', ...FUNCTIONS].flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => longForm(name, value) },
  {
    tag: `!${name}`,
    collection: 'seq' as const,
    resolve: (seq: { toJSON(): unknown }) => longForm(name, seq.toJSON()),
  },
  {
    tag: `!${name}`,
    collection: 'map' as const,
    resolve: (map: { toJSON(): unknown }) => longForm(name, map.toJSON()),
  },
]);

/**
 * Parses CloudFormation YAML text, short-form intrinsics included, into its long (JSON) form.
 *
 * @example
 * ```ts
 * parseCfnYaml('Value: !GetAtt Fn.Arn'); // { Value: { 'Fn::GetAtt': ['Fn', 'Arn'] } }
 * ```
 */
export function parseCfnYaml(text: string): unknown {
  return parse(text, { customTags: cfnTags, maxAliasCount: -1 });
}

/**
 * Reads and parses a template (default: the project's template.yaml).
 *
 * @example
 * ```ts
 * const template = loadTemplate();
 * template.Resources.NotifierFunction.Properties?.Handler; // 'index.handler'
 * ```
 */
export function loadTemplate(file = path.join(projectRoot, 'template.yaml')): CfnTemplate {
  return parseCfnYaml(readFileSync(file, 'utf8')) as CfnTemplate;
}

/** Every AWS::Serverless::Function of a template, by logical id. */
export function serverlessFunctions(template: CfnTemplate): Record<string, CfnResource> {
  return Object.fromEntries(
    Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Serverless::Function'),
  );
}
