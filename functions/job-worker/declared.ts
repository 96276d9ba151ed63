import { requiredSetting, settingDefaults, stringSetting } from '../lib/settings';
import { ACTION_CATEGORY, type ActionTypeDefinition, providerSuffix } from './action-type';

/** An action type this worker serves: its id in CodePipeline and its definition. */
export interface DeclaredType {
  readonly id: { category: typeof ACTION_CATEGORY; owner: 'Custom'; provider: string; version: string };
  readonly definition: ActionTypeDefinition;
}

/** Options of {@link declaredTypes}. */
export interface DeclaredTypeOptions {
  /** Start of every provider name (default: `PIPEWRIGHT_ACTION_PROVIDER_PREFIX`, required: template.yaml sets it per stage). */
  providerPrefix?: string;
  /** Version of the types (default: `PIPEWRIGHT_ACTION_VERSION`, else `1`). */
  version?: string;
}

/**
 * The custom action types template.yaml declares for `definitions`: owner `Custom`, category
 * `Invoke`, provider `<prefix><Task>` (`Pipewright-prod-HttpCheck`), the stack's version. The worker
 * polls these and nothing else.
 *
 * @example
 * ```ts
 * declaredTypes(actionTypeRegistry, { providerPrefix: 'Pipewright-dev-' })[0]!.id;
 * // { category: 'Invoke', owner: 'Custom', provider: 'Pipewright-dev-HttpCheck', version: '1' }
 * ```
 */
export function declaredTypes(
  definitions: readonly ActionTypeDefinition[],
  options: DeclaredTypeOptions = {},
): DeclaredType[] {
  const prefix = requiredSetting(options.providerPrefix, 'PIPEWRIGHT_ACTION_PROVIDER_PREFIX');
  const version = stringSetting(options.version, 'PIPEWRIGHT_ACTION_VERSION', settingDefaults.actionVersion);
  return definitions.map((definition) => ({
    id: {
      category: ACTION_CATEGORY,
      owner: 'Custom',
      provider: `${prefix}${providerSuffix(definition.task.name)}`,
      version,
    },
    definition,
  }));
}

/**
 * The declared type an action type id names (owner, category, provider and version all equal), if any.
 *
 * @example
 * ```ts
 * findDeclared(types, { owner: 'AWS', category: 'Build', provider: 'CodeBuild', version: '1' }); // undefined
 * ```
 */
export function findDeclared(
  types: readonly DeclaredType[],
  id: Readonly<Record<'owner' | 'category' | 'provider' | 'version', string>>,
): DeclaredType | undefined {
  return types.find(
    (type) =>
      type.id.owner === id.owner &&
      type.id.category === id.category &&
      type.id.provider === id.provider &&
      type.id.version === id.version,
  );
}
