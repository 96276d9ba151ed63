import { ACTION_CATEGORY, providerSuffix } from '../../functions/job-worker/action-type';
import { actionTypeRegistry } from '../../functions/job-worker/action-types/registry';
import { requestFromProperties } from '../../functions/job-worker/properties';

/** `Pipewright-<Stage>-<Task>`, the stage written out or as a `${…}` of a `!Sub`. */
const PROVIDER = /^Pipewright-(?:[A-Za-z0-9]+|\$\{[A-Za-z0-9:]+\})-([A-Za-z]+)$/;

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

/** Every object under `node` (depth first), itself included. */
function* objects(node: unknown): Generator<Node> {
  if (Array.isArray(node)) for (const item of node) yield* objects(item);
  else if (isNode(node)) {
    yield node;
    for (const value of Object.values(node)) yield* objects(value);
  }
}

/** A configuration value as CodePipeline hands it over: text (`{Ref: P}` is P's default, `parameters`). */
function asText(value: unknown, parameters: Node): string {
  const ref = isNode(value) ? value.Ref : undefined;
  if (typeof ref === 'string') return String((parameters[ref] as Node | undefined)?.Default ?? '');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The problems of the pipewright custom actions of a pipeline (a template or a snippet, parsed): each
 * `ActionTypeId` of owner Custom and provider `Pipewright-<Stage>-<Task>` must name a task's type in its
 * category, and its `Configuration` must be properties the type declares with values the task takes
 * (as the job worker reads them). `parameters`: the template's, for `!Ref`s in the configuration.
 *
 * @example
 * ```ts
 * customActionProblems(parseDocument(yaml).toJS(), 'docs/pipeline-action.md:42'); // []
 * ```
 */
export function customActionProblems(node: unknown, where: string, parameters: Node = {}): string[] {
  return [...objects(node)].flatMap((action) => {
    const id = action.ActionTypeId as Node | undefined;
    if (!isNode(id) || id.Owner !== 'Custom') return [];
    const provider = isNode(id.Provider) ? id.Provider['Fn::Sub'] : id.Provider;
    const suffix = PROVIDER.exec(String(provider))?.[1];
    if (!suffix) return [];
    const name = `${where}: action ${String(action.Name)}`;
    const type = actionTypeRegistry.find((t) => providerSuffix(t.task.name) === suffix);
    if (!type) return [`${name}: no pipewright task has the provider ${String(provider)}`];
    if (id.Category !== ACTION_CATEGORY)
      return [`${name}: Category ${String(id.Category)}, not ${ACTION_CATEGORY}`];
    const configuration = Object.fromEntries(
      Object.entries((action.Configuration ?? {}) as Node).map(([key, value]) => [
        key,
        asText(value, parameters),
      ]),
    );
    const unknown = Object.keys(configuration).filter((key) => !type.properties.some((p) => p.name === key));
    if (unknown.length) return [`${name}: ${String(provider)} has no property ${unknown.join(', ')}`];
    const request = requestFromProperties(type, configuration);
    return request.error ? [`${name}: ${request.error.message}`] : [];
  });
}
