import { readFileSync } from 'node:fs';
import { parse, type Tags } from 'yaml';

const FUNCTIONS = [
  'Ref',
  'Condition',
  'Sub',
  'GetAtt',
  'If',
  'Join',
  'Select',
  'Split',
  'Equals',
  'Not',
  'And',
  'Or',
  'FindInMap',
  'Base64',
  'GetAZs',
  'ImportValue',
  'Cidr',
  'Transform',
  'ToJsonString',
  'Length',
];

const longForm = (name: string) => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);

/** The YAML tags of CloudFormation's short form (`!Ref`, `!Sub`, `!GetAtt A.Arn`, ...) mapped to their long form. */
const cfnTags: Tags = FUNCTIONS.flatMap((name) => [
  {
    tag: `!${name}`,
    resolve: (value: string) => ({ [longForm(name)]: name === 'GetAtt' ? value.split('.') : value }),
  },
  ...(['seq', 'map'] as const).map((collection) => ({
    tag: `!${name}`,
    collection,
    resolve: (value: { toJSON(): unknown }) => ({ [longForm(name)]: value.toJSON() }),
  })),
]) as Tags;

/** A CloudFormation / SAM template as plain JSON (short-form tags already in long form). */
export interface CfnTemplate {
  Parameters?: Record<string, { Type?: string; Default?: unknown }>;
  Conditions?: Record<string, unknown>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Globals?: { Function?: Record<string, unknown> };
  Resources: Record<
    string,
    { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }
  >;
  Outputs?: Record<string, unknown>;
}

/**
 * Parses CloudFormation YAML (short-form tags included) into its JSON form.
 *
 * @example
 * ```ts
 * const template = parseCfnYaml(readFileSync('template.yaml', 'utf8'));
 * template.Resources.NotifierFunction.Properties?.Environment; // { Variables: { NOTIFICATION_TOPIC_ARN: { Ref: 'NotificationTopic' } } }
 * ```
 */
function parseCfnYaml(text: string): CfnTemplate {
  return parse(text, { customTags: cfnTags, maxAliasCount: -1 }) as CfnTemplate;
}

/** Reads and parses a template file. */
export function readTemplate(path: string): CfnTemplate {
  return parseCfnYaml(readFileSync(path, 'utf8'));
}
