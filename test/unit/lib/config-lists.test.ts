import { GetParametersByPathCommand } from '@aws-sdk/client-ssm';
import fc from 'fast-check';
import { clearConfigCache, loadConfig, setting } from '../../../functions/lib/config';
import { ConfigParameterError } from '../../../functions/lib/errors';
import { logger, metrics } from '../../../functions/lib/observability';
import { blankText, listEntries } from '../../support/list-values';
import { freshConfigPerTest, ssm } from './config-fixtures';

type ParameterType = 'String' | 'StringList' | 'SecureString';

const STATES = ['FAILED', 'STOPPED', 'SUCCEEDED'] as const;
/** One list of each kind: states (entries from a fixed set) and free patterns, with and without a default. */
const section = setting.section({
  notifyOn: setting.list(['FAILED', 'STOPPED'], { of: STATES }),
  include: setting.list([]),
  only: setting.list(['prod-*']),
});
const NAMES = { notifyOn: 'notify-on', include: 'include', only: 'only' } as const;
const DEFAULTS = { notifyOn: ['FAILED', 'STOPPED'], include: [], only: ['prod-*'] };

function answer(name: string, Value: string, Type: ParameterType = 'String') {
  ssm
    .on(GetParametersByPathCommand)
    .resolves({ Parameters: [{ Name: `/pipewright/test/s/${name}`, Value, Type }] });
}
const load = (onInvalid: 'default' | 'throw' = 'default') => loadConfig(section, { section: 's', onInvalid });

/** Values that hold no entry at all, as a careless operator writes them. */
const EMPTY_VALUES = [' ', '   ', '\t', '\n', '[]', ' [ ] ', '[\n]'];

freshConfigPerTest();

describe('setting.list with an empty value', () => {
  describe.each(Object.keys(NAMES) as Array<keyof typeof NAMES>)('key %s', (key) => {
    it.each(EMPTY_VALUES.map((v) => [JSON.stringify(v), v]))(
      'uses the default for %s, with a WARN, a ConfigWarning metric and a problem naming the parameter',
      async (_shown, value) => {
        const warn = jest.spyOn(logger, 'warn');
        const metric = { addDimension: jest.fn(), addMetric: jest.fn() };
        jest.spyOn(metrics, 'singleMetric').mockReturnValue(metric as never);
        answer(NAMES[key], value);

        const { config, problems } = await load();

        expect(config[key]).toEqual(DEFAULTS[key]);
        expect(problems).toHaveLength(1);
        expect(problems[0]!.parameter).toBe(`/pipewright/test/s/${NAMES[key]}`);
        expect(problems[0]!.message).toMatch(
          new RegExp(
            `^/pipewright/test/s/${NAMES[key]}: expected at least one entry.*, got (a blank value|an empty list); the default \\(.*\\) is used$`,
          ),
        );
        expect(warn).toHaveBeenCalledWith(
          `Configuration problem: ${problems[0]!.message}`,
          expect.anything(),
        );
        expect(metric.addMetric).toHaveBeenCalledWith('ConfigWarning', 'Count', 1);
      },
    );

    it('refuses an empty value outright when the section is loaded with onInvalid: throw', async () => {
      answer(NAMES[key], '[]');

      const error = await load('throw').catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ConfigParameterError);
      expect((error as Error).message).toContain(
        `/pipewright/test/s/${NAMES[key]}: expected at least 1 item, got a list of 0 items`,
      );
    });
  });

  it('says which entries a state list takes when it is empty', async () => {
    answer('notify-on', ' ', 'StringList');

    const { problems } = await load();

    expect(problems.map((p) => p.message)).toEqual([
      '/pipewright/test/s/notify-on: expected at least one entry (one of "FAILED", "STOPPED", "SUCCEEDED"), got a blank value; the default (FAILED,STOPPED) is used',
    ]);
  });

  it('drops blank entries of a free list (a blank pattern would match nothing) and keeps the others', async () => {
    answer('only', 'prod-*, ,', 'StringList');

    const { config, problems } = await load();

    expect(config.only).toEqual(['prod-*']);
    expect(problems.map((p) => p.message)).toEqual([
      '/pipewright/test/s/only (entries 2, 3): expected non-empty text, got empty text, empty text; they are ignored',
    ]);
  });

  it('trims the entries of a JSON array as it does those of a StringList', async () => {
    answer('notify-on', '[" FAILED ", "SUCCEEDED"]');

    await expect(load()).resolves.toMatchObject({
      config: { notifyOn: ['FAILED', 'SUCCEEDED'] },
      problems: [],
    });
  });
});

describe('setting.list over generated values', () => {
  const entry = fc.oneof(
    fc.constantFrom(...STATES, 'FAILD', 'failed', ' FAILED ', '', ' ', 'prod-*'),
    fc.string({ maxLength: 6 }),
  );
  const value = fc.oneof(
    fc.array(entry, { minLength: 1, maxLength: 4 }).map((entries) => entries.join(',')),
    fc.array(entry, { maxLength: 3 }).map((entries) => JSON.stringify(entries)),
    fc.tuple(blankText, blankText).map(([a, b]) => `${a}[${b}]${a}`),
    blankText.map((b) => (b === '' ? ' ' : b)),
    fc.string({ minLength: 1, maxLength: 10 }),
  );

  it('never yields an empty list or a blank entry: a value with no valid entry falls back to the default, and says so', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...(Object.keys(NAMES) as Array<keyof typeof NAMES>)),
        value,
        async (key, raw) => {
          clearConfigCache();
          answer(NAMES[key], raw);

          const { config, problems } = await load();

          const entries = listEntries(raw);
          const ok = (e: unknown) =>
            typeof e === 'string' &&
            (key === 'notifyOn' ? (STATES as readonly string[]).includes(e) : e !== '');
          const valid = entries?.filter(ok) ?? [];
          expect(config[key]).toEqual(valid.length > 0 ? valid : DEFAULTS[key]);
          expect(problems.length > 0).toBe(
            entries === undefined || valid.length === 0 || valid.length !== entries.length,
          );
          if (key !== 'include') expect(config[key].length).toBeGreaterThan(0);
          expect(config[key].every((e) => e.trim() === e && e !== '')).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });
});
