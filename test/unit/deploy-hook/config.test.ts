import fc from 'fast-check';
import { loadCheckConfig, loadServiceConfig } from '../../../functions/deploy-hook/config';
import type { DeploymentTarget } from '../../../functions/deploy-hook/deployment';
import { GetParametersByPathCommand } from '@aws-sdk/client-ssm';
import { clearConfigCache } from '../../../functions/lib/config';
import { ConfigParameterError, ConfigurationError } from '../../../functions/lib/errors';
import { logger } from '../../../functions/lib/observability';
import { answerFromState, mocks, useConfigPath, state } from './fixtures';

function target(application: string, deploymentGroup: string): DeploymentTarget {
  return {
    deploymentId: 'd-7KQ2M4XAB',
    application,
    deploymentGroup,
    computePlatform: 'Lambda',
    resource: {
      kind: 'lambda',
      functionName: 'orders',
      alias: 'live',
      currentVersion: '1',
      targetVersion: '2',
    },
    lifecycleEvents: ['BeforeAllowTraffic'],
  };
}

function withParameters(parameters: Array<{ name: string; value: string; type?: string }>) {
  state.ssm.parameters.splice(
    0,
    state.ssm.parameters.length,
    ...parameters.map((p) => ({ type: 'String', ...p })),
  );
  answerFromState();
}

describe('loadCheckConfig', () => {
  useConfigPath('/pipewright/dev/');
  const original = [...state.ssm.parameters];
  afterEach(() => state.ssm.parameters.splice(0, state.ssm.parameters.length, ...original));

  it('returns undefined when neither the application nor its deployment group is configured', async () => {
    answerFromState();
    await expect(loadCheckConfig(target('billing', 'billing-prod'))).resolves.toBeUndefined();
  });

  it('reads the application parameter, with validated options per check', async () => {
    withParameters([
      {
        name: '/pipewright/dev/deploy-hook/apps/orders-api',
        value: '{"checks":[{"check":"alarms","names":["a"],"when":["AfterAllowTraffic"]}]}',
      },
    ]);
    const config = await loadCheckConfig(target('orders-api', 'orders-prod'));
    expect(config?.parameter).toBe('/pipewright/dev/deploy-hook/apps/orders-api');
    expect(config?.checks).toEqual([
      expect.objectContaining({ options: { names: ['a'] }, when: ['AfterAllowTraffic'] }),
    ]);
    expect(config?.checks[0]!.definition.name).toBe('alarms');
  });

  it('prefers the deployment group parameter over the application parameter', async () => {
    withParameters([
      {
        name: '/pipewright/dev/deploy-hook/apps/orders-api',
        value: '{"checks":[{"check":"alarms","names":["a"]}]}',
      },
      {
        name: '/pipewright/dev/deploy-hook/groups/orders-api/orders-prod',
        value: '{"checks":[{"check":"invoke","expectStatusCode":200}]}',
      },
    ]);
    const prod = await loadCheckConfig(target('orders-api', 'orders-prod'));
    const staging = await loadCheckConfig(target('orders-api', 'orders-staging'));
    expect(prod?.checks.map((c) => c.definition.name)).toEqual(['invoke']);
    expect(staging?.checks.map((c) => c.definition.name)).toEqual(['alarms']);
  });

  it('names the parameter and the known checks when a check name is unknown', async () => {
    withParameters([
      { name: '/pipewright/dev/deploy-hook/apps/orders-api', value: '{"checks":[{"check":"ping"}]}' },
    ]);
    await expect(loadCheckConfig(target('orders-api', 'g'))).rejects.toThrow(
      '/pipewright/dev/deploy-hook/apps/orders-api.checks.0.check: unknown check "ping" (known: invoke, alarms, http)',
    );
  });

  it.each(['constructor', 'toString', '__proto__'])(
    'rejects a check named like an Object property (%s) as unknown, naming the parameter',
    async (name) => {
      withParameters([
        { name: '/pipewright/dev/deploy-hook/apps/orders-api', value: `{"checks":[{"check":"${name}"}]}` },
      ]);
      const error = await loadCheckConfig(target('orders-api', 'g')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toBe(
        `/pipewright/dev/deploy-hook/apps/orders-api.checks.0.check: unknown check "${name}" (known: invoke, alarms, http)`,
      );
    },
  );

  it('names the parameter and field when options do not validate (typo in an option name)', async () => {
    withParameters([
      {
        name: '/pipewright/dev/deploy-hook/apps/orders-api',
        value: '{"checks":[{"check":"http","url":"https://x.test","atempts":3}]}',
      },
    ]);
    const error = await loadCheckConfig(target('orders-api', 'g')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('/pipewright/dev/deploy-hook/apps/orders-api.checks.0');
    expect((error as Error).message).toContain('atempts');
  });

  it('rejects a parameter that is not JSON, naming it', async () => {
    withParameters([{ name: '/pipewright/dev/deploy-hook/apps/orders-api', value: '{"checks":' }]);
    await expect(loadCheckConfig(target('orders-api', 'g'))).rejects.toThrow(
      /\/pipewright\/dev\/deploy-hook\/apps\/orders-api is not valid JSON/,
    );
  });

  it('keeps application and group names as written: orders-api and ordersApi are different applications', async () => {
    withParameters([
      { name: '/pipewright/dev/deploy-hook/apps/ordersApi', value: '{"checks":[{"check":"invoke"}]}' },
      {
        name: '/pipewright/dev/deploy-hook/apps/orders-api',
        value: '{"checks":[{"check":"alarms","names":["a"]}]}',
      },
      {
        name: '/pipewright/dev/deploy-hook/groups/orders-api/Orders.Prod',
        value: '{"checks":[{"check":"http","url":"https://x.test"}]}',
      },
    ]);
    const kebab = await loadCheckConfig(target('orders-api', 'orders-staging'));
    const camel = await loadCheckConfig(target('ordersApi', 'orders-staging'));
    const group = await loadCheckConfig(target('orders-api', 'Orders.Prod'));
    const otherGroup = await loadCheckConfig(target('orders-api', 'OrdersProd'));
    expect(kebab?.checks.map((c) => c.definition.name)).toEqual(['alarms']);
    expect(camel?.checks.map((c) => c.definition.name)).toEqual(['invoke']);
    expect(group?.parameter).toBe('/pipewright/dev/deploy-hook/groups/orders-api/Orders.Prod');
    expect(otherGroup?.parameter).toBe('/pipewright/dev/deploy-hook/apps/orders-api');
  });

  it('names the parameter under the configured path (PIPEWRIGHT_CONFIG_PATH without its trailing slash)', async () => {
    process.env.PIPEWRIGHT_CONFIG_PATH = 'pipewright/prod';
    withParameters([{ name: '/pipewright/prod/deploy-hook/apps/orders-api', value: '{"checks":[]}' }]);
    await expect(loadCheckConfig(target('orders-api', 'g'))).resolves.toEqual({
      parameter: '/pipewright/prod/deploy-hook/apps/orders-api',
      checks: [],
      listeners: {},
    });
  });

  it.each([
    ['/pipewright/dev/', '/pipewright/dev/deploy-hook'],
    ['pipewright/prod', '/pipewright/prod/deploy-hook'],
    ['/', '/deploy-hook'],
  ])('reads only the deploy-hook section of the configuration path %s (%s)', async (configPath, section) => {
    process.env.PIPEWRIGHT_CONFIG_PATH = configPath;
    answerFromState();
    await loadCheckConfig(target('orders-api', 'g'));
    const paths = mocks.ssm.commandCalls(GetParametersByPathCommand).map((call) => call.args[0].input.Path);
    expect(paths.length).toBeGreaterThan(0);
    expect(new Set(paths)).toEqual(new Set([section]));
  });

  it('names the full parameter when the apps section is itself a parameter', async () => {
    withParameters([{ name: '/pipewright/dev/deploy-hook/apps', value: '{"checks":[]}' }]);
    const error = await loadCheckConfig(target('orders-api', 'g')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigParameterError);
    expect((error as ConfigParameterError).parameterNames).toEqual(['/pipewright/dev/deploy-hook/apps']);
    expect((error as ConfigParameterError).message).toMatch(
      /^Invalid configuration under .*: \/pipewright\/dev\/deploy-hook\/apps: /,
    );
  });

  it('finds no configuration for an application named like an Object property (constructor)', async () => {
    answerFromState();
    await expect(loadCheckConfig(target('constructor', 'toString'))).resolves.toBeUndefined();
  });

  it("ignores another application's broken configuration", async () => {
    withParameters([
      { name: '/pipewright/dev/deploy-hook/apps/billing', value: 'not json' },
      { name: '/pipewright/dev/deploy-hook/apps/orders-api', value: '{"checks":[]}' },
    ]);
    await expect(loadCheckConfig(target('orders-api', 'g'))).resolves.toMatchObject({ checks: [] });
  });

  it('refuses apps/__proto__/when, naming it, so no check inherits "when" and the hook fails with a clear message', async () => {
    const name = '/pipewright/dev/deploy-hook/apps/__proto__/when';
    withParameters([
      { name, value: '["AfterAllowTraffic"]' },
      { name: '/pipewright/dev/deploy-hook/apps/orders-api', value: '{"checks":[{"check":"invoke"}]}' },
    ]);
    for (const app of ['orders-api', 'billing']) {
      const error = await loadCheckConfig(target(app, 'g')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigParameterError);
      expect((error as ConfigParameterError).parameterNames).toEqual([name]);
    }
    expect(Object.hasOwn(Object.prototype, 'when')).toBe(false);
    expect(({} as { when?: unknown }).when).toBeUndefined();
  });

  it('reports an unknown parameter under deploy-hook/ with a WARN naming it, and goes on', async () => {
    const warn = jest.spyOn(logger, 'warn');
    withParameters([
      { name: '/pipewright/dev/deploy-hook/app/orders-api', value: '{"checks":[]}' },
      { name: '/pipewright/dev/deploy-hook/groups/orders-api/prod/extra', value: '{"checks":[]}' },
      { name: '/pipewright/dev/deploy-hook/apps/orders-api', value: '{"checks":[]}' },
    ]);
    await expect(loadCheckConfig(target('orders-api', 'prod'))).resolves.toMatchObject({
      parameter: '/pipewright/dev/deploy-hook/apps/orders-api',
    });
    const messages = warn.mock.calls.map(([message]) => message);
    expect(messages).toContain(
      'Configuration problem: /pipewright/dev/deploy-hook/app/orders-api: unknown parameter, ignored (expected one of: apps, groups, ecs)',
    );
    expect(messages).toContainEqual(
      expect.stringContaining(
        '/pipewright/dev/deploy-hook/groups/orders-api/prod/extra: unknown parameter, ignored',
      ),
    );
    warn.mockRestore();
  });

  it('never shows the values of a SecureString check configuration', async () => {
    withParameters([
      {
        name: '/pipewright/dev/deploy-hook/apps/orders-api',
        value: '{"checks":[{"check":"http","url":"https://x.test/?key=hunter2","attempts":"many-hunter2"}]}',
        type: 'SecureString',
      },
    ]);
    const error = (await loadCheckConfig(target('orders-api', 'g')).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain(
      '/pipewright/dev/deploy-hook/apps/orders-api.checks.0.attempts: expected',
    );
    expect(error.message).not.toContain('hunter2');
  });

  it('finds exactly the configured application for generated names (Object property names, unicode), never an inherited one', async () => {
    const appName = fc
      .oneof(
        fc.constantFrom(
          'toString',
          'hasOwnProperty',
          'valueOf',
          'isPrototypeOf',
          '__defineSetter__',
          'orders-api',
        ),
        fc.stringMatching(/^[\w.\-\u00e9\u4e2d]{1,12}$/),
      )
      .filter((name) => !['__proto__', 'constructor', 'prototype'].includes(name)); // refused: tested above
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(appName, { maxLength: 4 }), appName, async (configured, deployed) => {
        clearConfigCache();
        withParameters(
          configured.map((app) => ({
            name: `/pipewright/dev/deploy-hook/apps/${app}`,
            value: '{"checks":[]}',
          })),
        );
        const config = await loadCheckConfig(target(deployed, 'g'));
        if (configured.includes(deployed)) {
          expect(config).toEqual({
            parameter: `/pipewright/dev/deploy-hook/apps/${deployed}`,
            checks: [],
            listeners: {},
          });
        } else expect(config).toBeUndefined();
      }),
      { numRuns: 100 },
    );
  });
});

describe('loadServiceConfig', () => {
  useConfigPath('/pipewright/dev/');
  const original = [...state.ssm.parameters];
  afterEach(() => state.ssm.parameters.splice(0, state.ssm.parameters.length, ...original));
  const ECS = '/pipewright/dev/deploy-hook/ecs/shop-prod/checkout';

  it('reads deploy-hook/ecs/<cluster>/<service>: listeners, checks, their stages and withinSeconds', async () => {
    withParameters([
      {
        name: ECS,
        value: JSON.stringify({
          listeners: { test: 'http://orders-alb.internal:8080', production: 'https://orders.example.com' },
          checks: [
            { check: 'alarms', names: ['a'], when: ['POST_PRODUCTION_TRAFFIC_SHIFT'], withinSeconds: 600 },
          ],
        }),
      },
    ]);
    const config = await loadServiceConfig('shop-prod', 'checkout');
    expect(config).toEqual({
      parameter: ECS,
      listeners: { test: 'http://orders-alb.internal:8080', production: 'https://orders.example.com' },
      checks: [
        expect.objectContaining({
          options: { names: ['a'] },
          when: ['POST_PRODUCTION_TRAFFIC_SHIFT'],
          withinSeconds: 600,
        }),
      ],
    });
    await expect(loadServiceConfig('shop-prod', 'cart')).resolves.toBeUndefined();
  });

  it.each([
    [
      { checks: [{ check: 'alarms', names: ['a'], when: ['AfterAllowTraffic'] }] },
      `${ECS}.checks.0.when.0: expected one of`,
    ],
    [{ listeners: { test: 'ftp://x' }, checks: [] }, `${ECS}.listeners.test: expected`],
    [{ listeners: { blue: 'http://x' }, checks: [] }, `${ECS}.listeners`],
    [{ checks: [{ check: 'alarms', names: ['a'], withinSeconds: 0 }] }, `${ECS}.checks.0.withinSeconds`],
  ])('refuses %j, naming the field', async (value, problem) => {
    withParameters([{ name: ECS, value: JSON.stringify(value) }]);
    await expect(loadServiceConfig('shop-prod', 'checkout')).rejects.toThrow(problem);
  });

  it('refuses an ECS stage in the when of a CodeDeploy application', async () => {
    withParameters([
      {
        name: '/pipewright/dev/deploy-hook/apps/orders-api',
        value: '{"checks":[{"check":"alarms","names":["a"],"when":["POST_TEST_TRAFFIC_SHIFT"]}]}',
      },
    ]);
    await expect(loadCheckConfig(target('orders-api', 'g'))).rejects.toThrow(
      '/pipewright/dev/deploy-hook/apps/orders-api.checks.0.when.0: expected one of',
    );
  });
});
