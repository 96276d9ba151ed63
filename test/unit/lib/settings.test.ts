import { ConfigurationError } from '../../../functions/lib/errors';
import { numberSetting, requiredSetting } from '../../../functions/lib/settings';

describe('settings', () => {
  const saved = process.env.PIPEWRIGHT_TEST_SETTING;
  afterEach(() => {
    if (saved === undefined) delete process.env.PIPEWRIGHT_TEST_SETTING;
    else process.env.PIPEWRIGHT_TEST_SETTING = saved;
  });

  it.each(['-1', 'ten', 'Infinity'])(
    'throws a ConfigurationError naming the variable when it holds %s',
    (raw) => {
      process.env.PIPEWRIGHT_TEST_SETTING = raw;
      expect(() => numberSetting(undefined, 'PIPEWRIGHT_TEST_SETTING', 5)).toThrow(
        new ConfigurationError(
          `Environment variable PIPEWRIGHT_TEST_SETTING: expected a non-negative number, got ${JSON.stringify(raw)}`,
        ),
      );
    },
  );

  it('reads the option, else the variable, else the default', () => {
    expect(numberSetting(7, 'PIPEWRIGHT_TEST_SETTING', 5)).toBe(7);
    process.env.PIPEWRIGHT_TEST_SETTING = '9';
    expect(numberSetting(undefined, 'PIPEWRIGHT_TEST_SETTING', 5)).toBe(9);
    delete process.env.PIPEWRIGHT_TEST_SETTING;
    expect(numberSetting(undefined, 'PIPEWRIGHT_TEST_SETTING', 5)).toBe(5);
  });

  it('throws a ConfigurationError naming a required variable that is not set', () => {
    delete process.env.PIPEWRIGHT_TEST_SETTING;
    expect(() => requiredSetting(undefined, 'PIPEWRIGHT_TEST_SETTING')).toThrow(ConfigurationError);
    expect(() => requiredSetting(undefined, 'PIPEWRIGHT_TEST_SETTING')).toThrow(
      'PIPEWRIGHT_TEST_SETTING is not set',
    );
  });
});
