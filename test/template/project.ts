import path from 'node:path';
import { readTemplate } from '../../local/template/cfn-yaml';

/**
 * The template as the template tests read it: the local runner's CloudFormation YAML reader
 * (local/template/cfn-yaml.ts, short-form tags in long form), typed with the fields the tests check.
 */
export interface CfnTemplate {
  Transform?: unknown;
  Parameters?: Record<string, { Type: string; Default?: unknown; [key: string]: unknown }>;
  Conditions?: Record<string, unknown>;
  Globals?: { Function?: Record<string, unknown>; [key: string]: unknown };
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; [key: string]: unknown }>;
}

/** One resource of a {@link CfnTemplate}. */
export interface CfnResource {
  Type: string;
  Condition?: string;
  DeletionPolicy?: string;
  Metadata?: Record<string, unknown>;
  Properties?: Record<string, unknown>;
}

/** The repository root (this file lives in test/template/). */
export const projectRoot = path.resolve(__dirname, '..', '..');

/**
 * Reads and parses a template (default: the project's template.yaml).
 *
 * @example
 * ```ts
 * loadTemplate().Resources.NotifierFunction?.Properties?.Handler; // 'index.handler'
 * ```
 */
export function loadTemplate(file = path.join(projectRoot, 'template.yaml')): CfnTemplate {
  return readTemplate(file) as unknown as CfnTemplate;
}

/** Every AWS::Serverless::Function of a template, by logical id. */
export function serverlessFunctions(template: CfnTemplate): Record<string, CfnResource> {
  return Object.fromEntries(
    Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Serverless::Function'),
  );
}
