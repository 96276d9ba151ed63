import { functionDescriptions } from '../../cdk/description';
import type { FunctionDescription } from '../../cdk/description/function-description';
import { notifier } from '../../cdk/description/notifier';
import { settingDefaults } from '../../cdk/description/settings';
import { functionEnvironment } from '../../cdk/description/shared';
import { deploy } from './deployed';
import {
  deploymentScope,
  describedProperties,
  descriptionFile,
  parameterOf,
  settingsFor,
  templateEnvironment,
  templateProperties,
} from './described';
import { loadTemplate, serverlessFunctions } from './project';
import { resolvedStatements, templateStatement } from './statement-shape';
import { bySid, DEPLOYMENTS, describedEvents, differences, eachDetailType, templateEvents } from './drift';

const template = loadTemplate();
const functions = serverlessFunctions(template);
const described = functionDescriptions.filter((d) => functions[d.logicalId]);

const where = (d: FunctionDescription) => descriptionFile(d.service);

describe('template.yaml and the function descriptions of cdk/description/ (one source of truth)', () => {
  it('describes every function of template.yaml, and no other', () => {
    const missing = Object.entries(functions)
      .filter(([id]) => !functionDescriptions.some((d) => d.logicalId === id))
      .map(([id, fn]) => {
        const env = (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
          ?.Variables;
        const file = descriptionFile(String(env?.POWERTOOLS_SERVICE_NAME ?? '<service>'));
        return `template.yaml has ${id}, which no description names: add ${file} exporting a FunctionDescription (logicalId '${id}'; copy cdk/description/pipeline-action.ts) and list it in cdk/description/index.ts`;
      });
    const extra = functionDescriptions
      .filter((d) => !functions[d.logicalId])
      .map(
        (d) =>
          `${where(d)} describes ${d.logicalId}, which template.yaml does not have: add it there or remove the description`,
      );
    expect([...missing, ...extra]).toEqual([]);
  });

  it('gives every setting the default of its template parameter', () => {
    const parameterDefaults = Object.fromEntries(
      Object.keys(settingDefaults).map((key) => {
        const parameter = template.Parameters?.[parameterOf(key)];
        return [parameterOf(key), parameter ? String(parameter.Default ?? '') : '(no such parameter)'];
      }),
    );
    const inTemplate = { ...settingsFor(parameterDefaults) };
    expect(
      differences('Default of', inTemplate, { ...settingDefaults }, 'cdk/description/settings.ts'),
    ).toEqual([]);
  });

  it.each(described)('builds and runs $logicalId as described', (d) => {
    const fn = functions[d.logicalId]!;
    expect(
      differences(d.logicalId, templateProperties(template, fn), describedProperties(d), where(d)),
    ).toEqual([]);
  });

  describe.each(Object.entries(DEPLOYMENTS))('with %s', (_, parameters) => {
    const stack = deploy({ parameters });
    const scope = deploymentScope(stack, settingsFor(parameters));

    it.each(described)('gives $logicalId the described environment', (d) => {
      const inTemplate = templateEnvironment(stack, functions[d.logicalId]!);
      const inDescription = functionEnvironment(d, scope);
      expect(differences(`${d.logicalId} environment variable`, inTemplate, inDescription, where(d))).toEqual(
        [],
      );
    });

    it.each(described)('grants $logicalId the described statements (by Sid)', (d) => {
      const inTemplate = bySid(resolvedStatements(stack, functions[d.logicalId]!));
      const inDescription = bySid(d.statements(scope).map(templateStatement));
      expect(differences(`${d.logicalId} statement`, inTemplate, inDescription, where(d))).toEqual([]);
    });

    it.each(described)('invokes $logicalId by the described EventBridge rules', (d) => {
      const inTemplate = templateEvents(stack, functions[d.logicalId]!);
      const inDescription = describedEvents(d, stack.stackName, scope);
      expect(differences(`${d.logicalId} event`, inTemplate, inDescription, `${where(d)} (rules)`)).toEqual(
        [],
      );
    });

    it('forwards on the hub event bus exactly the notifier rules’ patterns', () => {
      const hub = stack.template.Resources.HubEventsRule;
      const deployed =
        hub && (hub.Condition === undefined || stack.resolve({ Condition: hub.Condition }) === true);
      const pattern =
        deployed && (stack.resolve(hub.Properties?.EventPattern) as { $or: Record<string, unknown>[] });
      const inTemplate = pattern ? eachDetailType(pattern.$or) : [];
      const { organizationId, spokeAccountIds } = scope.settings;
      const isHub = organizationId !== '' || spokeAccountIds.length > 0;
      const rules = notifier.rules ?? [];
      const inDescription = isHub ? eachDetailType(rules.map((rule) => rule.pattern(scope))) : [];
      expect(inTemplate.sort()).toEqual(inDescription.sort());
    });
  });
});
