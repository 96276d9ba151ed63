import { GetParametersByPathCommand } from '@aws-sdk/client-ssm';
import fc from 'fast-check';
import * as z from 'zod';
import {
  clearConfigCache,
  configLimits,
  configPath,
  loadConfig,
  sectionPath,
  setting,
} from '../../../functions/lib/config';
import { ConfigParameterError, ConfigurationError } from '../../../functions/lib/errors';
import { logger, metrics } from '../../../functions/lib/observability';
import { freshConfigPerTest, ssm } from './config-fixtures';

type ParameterType = 'String' | 'StringList' | 'SecureString';

const schema = setting.section({
  notifier: setting.section({
    notifyOn: setting.list(['FAILED', 'STOPPED'], { of: ['FAILED', 'STOPPED', 'SUCCEEDED', 'SUPERSEDED'] }),
    quiet: setting.boolean(false),
    maxItems: setting.number(10, { min: 1 }),
    webhookToken: setting.optionalString(),
  }),
  deployHook: setting.section({
    apps: z
      .record(z.string(), setting.json(z.object({ checks: z.array(z.string()) }), { checks: [] }))
      .default({}),
  }),
});

function answer(parameters: Array<{ Name: string; Value: string; Type?: ParameterType }>) {
  ssm
    .on(GetParametersByPathCommand)
    .resolves({ Parameters: parameters.map((p) => ({ Type: 'String', ...p })) });
}

function spyMetrics() {
  const recorded: Array<{ dimension?: string; name: string; value: number }> = [];
  jest.spyOn(metrics, 'singleMetric').mockImplementation(() => {
    let dimension: string | undefined;
    const metric = {
      addDimension: (_key: string, value: string) => (dimension = value),
      addMetric: (name: string, _unit: unknown, value: number) => recorded.push({ dimension, name, value }),
    };
    return metric as never;
  });
  return recorded;
}

freshConfigPerTest();

describe('loadConfig', () => {
  it('returns every default when the path holds no parameter', async () => {
    answer([]);
    await expect(loadConfig(schema)).resolves.toMatchObject({
      config: {
        notifier: { notifyOn: ['FAILED', 'STOPPED'], quiet: false, maxItems: 10 },
        deployHook: { apps: {} },
      },
      problems: [],
    });
    expect(ssm).toHaveReceivedCommandWith(GetParametersByPathCommand, {
      Path: '/pipewright/test',
      Recursive: true,
      WithDecryption: true,
    });
  });

  it('nests kebab-case parameter names and coerces lists, booleans, numbers and JSON', async () => {
    answer([
      { Name: '/pipewright/test/notifier/notify-on', Value: 'FAILED,SUPERSEDED', Type: 'StringList' },
      { Name: '/pipewright/test/notifier/quiet', Value: 'TRUE' },
      { Name: '/pipewright/test/notifier/max-items', Value: '3' },
      { Name: '/pipewright/test/notifier/webhook-token', Value: 's3cr3t', Type: 'SecureString' },
      { Name: '/pipewright/test/deploy-hook/apps/orders', Value: '{"checks":["invoke"]}' },
    ]);
    const { config, secureParameters } = await loadConfig(schema);
    expect(config.notifier).toEqual({
      notifyOn: ['FAILED', 'SUPERSEDED'],
      quiet: true,
      maxItems: 3,
      webhookToken: 's3cr3t',
    });
    expect(config.deployHook.apps).toEqual({ orders: { checks: ['invoke'] } });
    expect([...secureParameters]).toEqual(['/pipewright/test/notifier/webhook-token']);
  });

  it('reads one section below the configuration path with { section }', async () => {
    answer([{ Name: '/pipewright/test/notifier/quiet', Value: 'true' }]);
    const { config } = await loadConfig(schema.unwrap().shape.notifier, { section: 'notifier' });
    expect(config.quiet).toBe(true);
    expect(ssm).toHaveReceivedCommandWith(GetParametersByPathCommand, { Path: '/pipewright/test/notifier' });
  });

  it('names the parameter, and not its value, when a SecureString does not validate', async () => {
    answer([{ Name: '/pipewright/test/notifier/max-items', Value: 'zero-hunter2', Type: 'SecureString' }]);
    const error = await loadConfig(schema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigParameterError);
    expect((error as ConfigParameterError).parameterNames).toEqual(['/pipewright/test/notifier/max-items']);
    expect((error as Error).message).toBe(
      'Invalid configuration under /pipewright/test: /pipewright/test/notifier/max-items: expected a number, got text that is not a number',
    );
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('says what was expected and what was seen, in plain words, for a String value', async () => {
    answer([{ Name: '/pipewright/test/notifier/quiet', Value: 'sometimes' }]);
    const error = (await loadConfig(schema).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      'Invalid configuration under /pipewright/test: /pipewright/test/notifier/quiet: expected true or false, got "sometimes"',
    );
    expect(error.message).not.toMatch(/Invalid input|received/);
  });

  it('keeps names below a record as written, so orders-api and ordersApi stay apart', async () => {
    answer([
      { Name: '/pipewright/test/deploy-hook/apps/orders-api', Value: '{"checks":["a"]}' },
      { Name: '/pipewright/test/deploy-hook/apps/ordersApi', Value: '{"checks":["b"]}' },
      { Name: '/pipewright/test/notifier/max-items', Value: '3' },
    ]);
    const { config } = await loadConfig(schema);
    expect(config.deployHook.apps).toEqual({ 'orders-api': { checks: ['a'] }, ordersApi: { checks: ['b'] } });
    expect(config.notifier.maxItems).toBe(3);
  });

  it('keeps the first of two names for one key (max-items and maxItems) and reports the other', async () => {
    answer([
      { Name: '/pipewright/test/notifier/max-items', Value: '3' },
      { Name: '/pipewright/test/notifier/maxItems', Value: '4' },
    ]);
    const { config, problems } = await loadConfig(schema);
    expect(config.notifier.maxItems).toBe(3);
    expect(problems).toEqual([
      expect.objectContaining({
        parameter: '/pipewright/test/notifier/maxItems',
        message: expect.stringContaining('/pipewright/test/notifier/max-items sets the same key'),
      }),
    ]);
  });

  it('serves repeated loads from the cache within the TTL', async () => {
    answer([]);
    await loadConfig(schema);
    await loadConfig(schema);
    expect(ssm).toHaveReceivedCommandTimes(GetParametersByPathCommand, 1);
  });
});

describe('loadConfig unknown parameters', () => {
  it('reports each one with a WARN log naming it and a ConfigWarning metric, and leaves it out', async () => {
    const warn = jest.spyOn(logger, 'warn');
    const recorded = spyMetrics();
    answer([
      { Name: '/pipewright/test/notifier/notify-onn', Value: 'FAILED' },
      { Name: '/pipewright/test/notifier/quiet/extra', Value: 'x' },
      { Name: '/pipewright/test/notifer/quiet', Value: 'true' },
    ]);

    const { config, problems } = await loadConfig(schema);

    expect(config.notifier).toEqual({ notifyOn: ['FAILED', 'STOPPED'], quiet: false, maxItems: 10 });
    expect(problems.map((p) => p.parameter)).toEqual([
      '/pipewright/test/notifer/quiet',
      '/pipewright/test/notifier/notify-onn',
      '/pipewright/test/notifier/quiet/extra',
    ]);
    expect(problems[1]!.message).toBe(
      '/pipewright/test/notifier/notify-onn: unknown parameter, ignored (expected one of: notify-on, quiet, max-items, webhook-token)',
    );
    expect(problems[2]!.message).toContain('/pipewright/test/notifier/quiet is a single value, not a path');
    expect(warn).toHaveBeenCalledWith(`Configuration problem: ${problems[1]!.message}`, {
      parameter: '/pipewright/test/notifier/notify-onn',
      section: '/pipewright/test',
    });
    expect(recorded).toEqual([{ dimension: '/pipewright/test', name: 'ConfigWarning', value: 3 }]);
  });
});

describe('loadConfig with onInvalid: default', () => {
  const notifier = schema.unwrap().shape.notifier;
  const load = () => loadConfig(notifier, { section: 'notifier', onInvalid: 'default' });

  it('drops an unknown list entry, naming it, and keeps the valid ones', async () => {
    answer([{ Name: '/pipewright/test/notifier/notify-on', Value: 'FAILD,STOPPED', Type: 'StringList' }]);
    const { config, problems } = await load();
    expect(config.notifyOn).toEqual(['STOPPED']);
    expect(problems.map((p) => p.message)).toEqual([
      '/pipewright/test/notifier/notify-on (entry 1): expected one of "FAILED", "STOPPED", "SUCCEEDED", "SUPERSEDED", got "FAILD"; it is ignored',
    ]);
  });

  it('uses the default when no valid entry is left', async () => {
    answer([{ Name: '/pipewright/test/notifier/notify-on', Value: '["FAILD","stopped"]' }]);
    const { config, problems } = await load();
    expect(config.notifyOn).toEqual(['FAILED', 'STOPPED']);
    expect(problems.map((p) => p.message)).toEqual([
      '/pipewright/test/notifier/notify-on (entries 1, 2): expected one of "FAILED", "STOPPED", "SUCCEEDED", "SUPERSEDED", got "FAILD", "stopped"; no valid entry is left, so the default (FAILED,STOPPED) is used',
    ]);
  });

  it('respects a valid value that leaves out FAILED', async () => {
    answer([{ Name: '/pipewright/test/notifier/notify-on', Value: 'SUCCEEDED' }]);
    await expect(load()).resolves.toMatchObject({ config: { notifyOn: ['SUCCEEDED'] }, problems: [] });
  });

  it('falls back to the default of each invalid key only, saying which and why', async () => {
    answer([
      { Name: '/pipewright/test/notifier/quiet', Value: 'sometimes' },
      { Name: '/pipewright/test/notifier/max-items', Value: '0' },
      { Name: '/pipewright/test/notifier/notify-on', Value: 'SUCCEEDED' },
    ]);
    const { config, problems } = await load();
    expect(config).toEqual({ notifyOn: ['SUCCEEDED'], quiet: false, maxItems: 10 });
    expect(problems.map((p) => p.message).sort()).toEqual([
      '/pipewright/test/notifier/max-items: expected a number ≥ 1, got 0; the default (10) is used',
      '/pipewright/test/notifier/quiet: expected true or false, got "sometimes"; the default (false) is used',
    ]);
  });

  it('never shows the value of a SecureString or of a secret-looking name', async () => {
    answer([
      { Name: '/pipewright/test/notifier/quiet', Value: 'hunter2', Type: 'SecureString' },
      { Name: '/pipewright/test/notifier/notify-on', Value: 'FAILED,tok3n', Type: 'SecureString' },
    ]);
    const { problems } = await load();
    const text = problems.map((p) => p.message).join('\n');
    expect(text).not.toMatch(/hunter2|tok3n/);
    expect(text).toContain('got text of 7 characters (not shown)');
    expect(text).toContain('got text of 5 characters (not shown)');
  });
});

describe('loadConfig limits and names', () => {
  it.each(['__proto__', 'constructor', 'prototype'])(
    'rejects a name segment %s, naming the parameter, and leaves Object.prototype alone',
    async (segment) => {
      const name = `/pipewright/test/deploy-hook/apps/${segment}/when`;
      answer([{ Name: name, Value: '["BeforeAllowTraffic"]' }]);
      const error = await loadConfig(schema).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigParameterError);
      expect((error as ConfigParameterError).parameterNames).toEqual([name]);
      expect((error as Error).message).toContain(`the name segment "${segment}" is not allowed`);
      expect(Object.hasOwn(Object.prototype, 'when')).toBe(false);
    },
  );

  it(`rejects a value over ${configLimits.maxValueBytes} bytes, naming the parameter and its size`, async () => {
    answer([{ Name: '/pipewright/test/notifier/quiet', Value: 'x'.repeat(configLimits.maxValueBytes + 1) }]);
    await expect(loadConfig(schema)).rejects.toThrow(
      `/pipewright/test/notifier/quiet: the value has ${configLimits.maxValueBytes + 1} bytes; a configuration value may have at most ${configLimits.maxValueBytes}`,
    );
  });

  it(`rejects a section of more than ${configLimits.maxParameters} parameters`, async () => {
    answer(
      Array.from({ length: configLimits.maxParameters + 1 }, (_, i) => ({
        Name: `/pipewright/test/deploy-hook/apps/app-${i}`,
        Value: '{"checks":[]}',
      })),
    );
    const error = await loadConfig(schema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      `The configuration under /pipewright/test holds more than ${configLimits.maxParameters} parameters, the most one section may hold; delete unused ones`,
    );
  });
});

describe('loadConfig over generated parameter names', () => {
  const FORBIDDEN = ['__proto__', 'constructor', 'prototype'];
  const segment = fc.oneof(
    fc.constantFrom(
      ...FORBIDDEN,
      'toString',
      'hasOwnProperty',
      'valueOf',
      '__defineGetter__',
      'isPrototypeOf',
    ),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }).filter((s) => !s.includes('/')),
    fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/),
  );
  /** A name below the section, with runs of `/` between segments. */
  const relativeName = fc
    .tuple(
      fc.constantFrom('deploy-hook/apps', 'deploy-hook//apps', 'notifier', 'elsewhere'),
      fc.array(segment, { minLength: 1, maxLength: 3 }),
      fc.constantFrom('/', '//', '///'),
    )
    .map(([head, rest, sep]) => `${head}${sep}${rest.join(sep)}`);
  const rawApps = z.record(z.string(), z.string()).default({});
  const generic = setting.section({
    deployHook: setting.section({ apps: rawApps }),
    notifier: setting.section({ quiet: setting.boolean(false) }),
  });
  const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

  it('builds the tree the names describe, never touches Object.prototype, and names every refusal', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(relativeName, fc.string({ maxLength: 20 })), {
          selector: ([n]) => n,
          maxLength: 6,
        }),
        async (entries) => {
          ssm.reset();
          clearConfigCache();
          answer(entries.map(([name, value]) => ({ Name: `/pipewright/test/${name}`, Value: value })));
          const segmentsOf = (name: string) => name.split('/').filter(Boolean);
          const refused = entries.filter(([name]) => segmentsOf(name).some((s) => FORBIDDEN.includes(s)));

          const outcome = await loadConfig(generic).catch((e: unknown) => e);

          expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
          expect(({} as Record<string, unknown>).when).toBeUndefined();
          if (refused.length > 0) {
            expect(outcome).toBeInstanceOf(ConfigParameterError);
            const [named] = (outcome as ConfigParameterError).parameterNames;
            expect(refused.map(([n]) => `/pipewright/test/${n}`)).toContain(named);
            return;
          }
          if (outcome instanceof Error) {
            // Without a refused name, only a quiet that is not a boolean fails, naming that parameter.
            expect((outcome as ConfigParameterError).parameterNames).toEqual([
              '/pipewright/test/notifier/quiet',
            ]);
            return;
          }
          const { config, problems } = outcome as Awaited<ReturnType<typeof loadConfig<typeof generic>>>;
          const apps = new Map<string, string>();
          for (const [name, value] of [...entries].sort(([a], [b]) =>
            `/pipewright/test/${a}` < `/pipewright/test/${b}` ? -1 : 1,
          )) {
            const segments = segmentsOf(name);
            if (
              segments[0] === 'deploy-hook' &&
              segments[1] === 'apps' &&
              segments.length === 3 &&
              !apps.has(segments[2]!)
            ) {
              apps.set(segments[2]!, value);
            }
          }
          expect(Object.getPrototypeOf(config.deployHook.apps)).toBe(Object.prototype);
          expect(new Map(Object.entries(config.deployHook.apps))).toEqual(apps);
          for (const [name] of entries.filter(([n]) => segmentsOf(n)[0] === 'elsewhere')) {
            expect(problems.map((p) => p.parameter)).toContain(`/pipewright/test/${name}`);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('configPath', () => {
  it('normalises the option, else PIPEWRIGHT_CONFIG_PATH, else /pipewright', () => {
    process.env.PIPEWRIGHT_CONFIG_PATH = 'pipewright/dev/';
    expect(configPath()).toBe('/pipewright/dev');
    expect(configPath('/other//')).toBe('/other');
    delete process.env.PIPEWRIGHT_CONFIG_PATH;
    expect(configPath()).toBe('/pipewright');
  });
});

describe('sectionPath', () => {
  it('puts the section below the configuration path in use, the root included', () => {
    process.env.PIPEWRIGHT_CONFIG_PATH = '/pipewright/dev/';
    expect(sectionPath('notifier')).toBe('/pipewright/dev/notifier');
    expect(sectionPath()).toBe('/pipewright/dev');
    expect(sectionPath('deploy-hook', '/')).toBe('/deploy-hook');
  });
});

describe('loadConfig cache', () => {
  it('caches a non-empty path too', async () => {
    answer([{ Name: '/pipewright/notifier/quiet', Value: 'true' }]);
    await loadConfig(schema, { path: '/pipewright' });
    await loadConfig(schema, { path: '/pipewright/' });
    expect(ssm).toHaveReceivedCommandTimes(GetParametersByPathCommand, 1);
  });

  it('reads again once the TTL has passed', async () => {
    answer([]);
    await loadConfig(schema, { maxAgeSeconds: 0 });
    await loadConfig(schema, { maxAgeSeconds: 0 });
    expect(ssm).toHaveReceivedCommandTimes(GetParametersByPathCommand, 2);
  });
});

describe('loadConfig errors inside a JSON value', () => {
  it('names the parameter holding the JSON and the field inside it', async () => {
    answer([{ Name: '/pipewright/deploy-hook/apps/orders', Value: '{"checks":[3]}' }]);
    const error = (await loadConfig(schema, { path: '/pipewright' }).catch(
      (e: unknown) => e,
    )) as ConfigParameterError;
    expect(error.parameterNames).toEqual(['/pipewright/deploy-hook/apps/orders']);
    expect(error.message).toContain(
      '/pipewright/deploy-hook/apps/orders (field checks.0): expected text, got 3',
    );
  });
});
