import { deploy } from './deployed';

const notifier = (parameters: Record<string, string> = {}) => {
  const stack = deploy({ parameters });
  return stack.resolve(stack.template.Resources.NotifierFunction!.Properties) as Record<string, unknown>;
};

describe('NotifierReservedConcurrency', () => {
  it('reserves nothing by default, so that a first deploy never fails on a low concurrency quota', () => {
    expect(deploy().template.Parameters?.NotifierReservedConcurrency?.Default).toBe('');
    expect(notifier()).not.toHaveProperty('ReservedConcurrentExecutions');
  });

  it("becomes the notifier's reserved concurrency when set", () => {
    expect(notifier({ NotifierReservedConcurrency: '4' }).ReservedConcurrentExecutions).toBe('4');
  });

  it('accepts a whole number from 1, or nothing', () => {
    const pattern = new RegExp(
      String(deploy().template.Parameters?.NotifierReservedConcurrency?.AllowedPattern),
    );
    expect(['', '1', '25', '9999'].every((value) => pattern.test(value))).toBe(true);
    expect(['0', '-1', '2.5', 'ten', '10000'].some((value) => pattern.test(value))).toBe(false);
  });
});
