import { parse as parseYaml } from 'yaml';
import * as z from 'zod';
import { ConfigurationError } from '../lib/errors';
import { parsePayload } from '../lib/schema';

/** Versions are strings in SAM's generated AppSpec, but hand-written ones may use numbers. */
const version = z.union([z.string().min(1), z.number()]).transform(String);

const lambdaResource = z.object({
  Type: z.literal('AWS::Lambda::Function'),
  Properties: z.object({
    Name: z.string().min(1),
    Alias: z.string().min(1),
    CurrentVersion: version,
    TargetVersion: version,
  }),
});

const ecsResource = z.object({
  Type: z.literal('AWS::ECS::Service'),
  Properties: z.object({
    TaskDefinition: z.string().min(1),
    LoadBalancerInfo: z.object({
      ContainerName: z.string().min(1),
      ContainerPort: z.coerce.number<string | number>().int().positive(),
    }),
  }),
});

/**
 * The parts of a CodeDeploy AppSpec (version 0.0) the hook relies on: the first resource (Lambda or ECS)
 * and the lifecycle hooks (`[{ BeforeAllowTraffic: 'CodeDeployHook_x' }, ...]`).
 */
const appSpecSchema = z.object({
  Resources: z
    .array(z.record(z.string(), z.discriminatedUnion('Type', [lambdaResource, ecsResource])))
    .min(1)
    .refine((resources) => Object.keys(resources[0]!).length === 1, 'each resource is one named entry'),
  Hooks: z.array(z.record(z.string(), z.string())).default([]),
});

/** What a deployment deploys, read from its AppSpec. */
export type AppSpecResource =
  | { kind: 'lambda'; functionName: string; alias: string; currentVersion: string; targetVersion: string }
  | { kind: 'ecs'; taskDefinition: string; containerName: string; containerPort: number };

/** A parsed AppSpec: the resource and which function serves which lifecycle event. */
export interface AppSpec {
  resource: AppSpecResource;
  /** Lifecycle event name → hook function name (or ARN), as written in the AppSpec. */
  hooks: Array<{ event: string; functionName: string }>;
}

/**
 * Parses AppSpec content (YAML or JSON — YAML is a superset of JSON) and validates it, naming the wrong
 * field in a {@link ConfigurationError}.
 *
 * @example
 * ```ts
 * parseAppSpec('{"version":0.0,"Resources":[{"Fn":{"Type":"AWS::Lambda::Function","Properties":{...}}}]}');
 * // { resource: { kind: 'lambda', functionName: 'orders-api', alias: 'live', currentVersion: '7', targetVersion: '8' }, hooks: [] }
 * ```
 */
export function parseAppSpec(content: string): AppSpec {
  let document: unknown;
  try {
    document = parseYaml(content);
  } catch (error) {
    throw new ConfigurationError(`AppSpec is neither JSON nor YAML (${(error as Error).message})`, {
      cause: error,
    });
  }
  const spec = parsePayload(appSpecSchema, document, 'AppSpec');
  const first = Object.values(spec.Resources[0]!)[0]!;
  const hooks = spec.Hooks.flatMap((entry) =>
    Object.entries(entry).map(([event, functionName]) => ({ event, functionName })),
  );
  if (first.Type === 'AWS::Lambda::Function') {
    const { Name, Alias, CurrentVersion, TargetVersion } = first.Properties;
    return {
      resource: {
        kind: 'lambda',
        functionName: Name,
        alias: Alias,
        currentVersion: CurrentVersion,
        targetVersion: TargetVersion,
      },
      hooks,
    };
  }
  const { TaskDefinition, LoadBalancerInfo } = first.Properties;
  return {
    resource: {
      kind: 'ecs',
      taskDefinition: TaskDefinition,
      containerName: LoadBalancerInfo.ContainerName,
      containerPort: LoadBalancerInfo.ContainerPort,
    },
    hooks,
  };
}
