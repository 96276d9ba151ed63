import type * as z from 'zod';
import { providerSuffix } from '../../functions/job-worker/action-type';
import { actionTypeRegistry } from '../../functions/job-worker/action-types/registry';
import { projectRoot } from '../template/project';
import { codeSpans, markdownTables } from './tables';

/** How docs/pipeline-action.md names each kind of property. */
const KIND_WORDS: Record<string, string> = {
  text: 'text',
  number: 'number',
  boolean: 'boolean',
  list: 'list',
  numbers: 'numbers',
  json: 'JSON',
  options: 'options',
};

describe("docs/pipeline-action.md's properties of the custom action types", () => {
  const [table, ...others] = markdownTables(projectRoot, 'docs/pipeline-action.md').filter(
    (t) => t.header[0] === 'action type',
  );

  it('has one row per property of every type, with its kind and whether it is required or secret', () => {
    expect(others).toEqual([]);
    const documented = table!.rows.map(([type, property, kind, notes]) => [
      codeSpans(type)[0],
      codeSpans(property)[0],
      kind,
      /\brequired\b/.test(notes ?? ''),
      /\bsecret\b/.test(notes ?? ''),
    ]);
    expect(documented).toEqual(
      actionTypeRegistry.flatMap((type) =>
        type.properties.map((p) => [
          providerSuffix(type.task.name),
          p.name,
          KIND_WORDS[p.kind],
          p.required ?? false,
          p.secret ?? false,
        ]),
      ),
    );
  });

  it('names the keys an options property takes: the parameters without a property of their own', () => {
    for (const type of actionTypeRegistry.filter((t) => t.properties.some((p) => p.kind === 'options'))) {
      const row = table!.rows.find(
        ([suffix, property]) =>
          codeSpans(suffix)[0] === providerSuffix(type.task.name) && codeSpans(property)[0] === 'options',
      );
      const keys = Object.keys((type.task.params as unknown as z.ZodObject).shape);
      const own = type.properties.map((p) => p.name);
      expect(codeSpans(row?.[3]).sort()).toEqual(keys.filter((key) => !own.includes(key)).sort());
    }
  });
});
