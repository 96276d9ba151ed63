import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import * as z from 'zod';
import { clearConfigCache, configPath, loadConfig, setting } from '../../../functions/lib/config';
import { ConfigParameterError } from '../../../functions/lib/errors';

const ssm = mockClient(SSMClient);
const schema = setting.section({
  notifier: setting.section({
    notifyOn: setting.list(['FAILED', 'STOPPED']),
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

function answer(
  parameters: Array<{ Name: string; Value: string; Type?: 'String' | 'StringList' | 'SecureString' }>,
) {
  ssm
    .on(GetParametersByPathCommand)
    .resolves({ Parameters: parameters.map((p) => ({ Type: 'String', ...p })) });
}

describe('loadConfig', () => {
  beforeEach(() => {
    ssm.reset();
    clearConfigCache();
    process.env.PIPEWRIGHT_CONFIG_PATH = '/pipewright/test/';
  });

  it('returns every default when the path holds no parameter', async () => {
    answer([]);
    await expect(loadConfig(schema)).resolves.toEqual({
      notifier: { notifyOn: ['FAILED', 'STOPPED'], quiet: false, maxItems: 10 },
      deployHook: { apps: {} },
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
    const config = await loadConfig(schema);
    expect(config.notifier).toEqual({
      notifyOn: ['FAILED', 'SUPERSEDED'],
      quiet: true,
      maxItems: 3,
      webhookToken: 's3cr3t',
    });
    expect(config.deployHook.apps).toEqual({ orders: { checks: ['invoke'] } });
  });

  it('names the parameter, and not its value, when a value does not validate', async () => {
    answer([{ Name: '/pipewright/test/notifier/max-items', Value: 'zero', Type: 'SecureString' }]);
    const error = await loadConfig(schema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigParameterError);
    expect((error as ConfigParameterError).parameterNames).toEqual(['/pipewright/test/notifier/max-items']);
    expect((error as Error).message).toContain('/pipewright/test/notifier/max-items');
    expect((error as Error).message).not.toContain('zero');
  });

  it('camel-cases every segment by default, so orders-api and ordersApi are one key', async () => {
    answer([
      { Name: '/pipewright/test/deploy-hook/apps/orders-api', Value: '{"checks":["a"]}' },
      { Name: '/pipewright/test/deploy-hook/apps/ordersApi', Value: '{"checks":["b"]}' },
    ]);
    const config = await loadConfig(schema);
    expect(Object.keys(config.deployHook.apps)).toEqual(['ordersApi']);
  });

  it('keeps segments below rawKeysBelow as written, so orders-api and ordersApi stay apart', async () => {
    answer([
      { Name: '/pipewright/test/deploy-hook/apps/orders-api', Value: '{"checks":["a"]}' },
      { Name: '/pipewright/test/deploy-hook/apps/ordersApi', Value: '{"checks":["b"]}' },
      { Name: '/pipewright/test/notifier/max-items', Value: '3' },
    ]);
    const config = await loadConfig(schema, { rawKeysBelow: ['deployHook/apps'] });
    expect(config.deployHook.apps).toEqual({
      'orders-api': { checks: ['a'] },
      ordersApi: { checks: ['b'] },
    });
    expect(config.notifier.maxItems).toBe(3);
  });

  it('serves repeated loads from the cache within the TTL', async () => {
    answer([]);
    await loadConfig(schema);
    await loadConfig(schema);
    expect(ssm).toHaveReceivedCommandTimes(GetParametersByPathCommand, 1);
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

describe('loadConfig cache', () => {
  beforeEach(() => {
    ssm.reset();
    clearConfigCache();
  });

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
  beforeEach(() => {
    ssm.reset();
    clearConfigCache();
  });

  it('names the parameter holding the JSON and the field inside it', async () => {
    answer([{ Name: '/pipewright/deploy-hook/apps/orders', Value: '{"checks":[3]}' }]);
    const error = (await loadConfig(schema, { path: '/pipewright' }).catch(
      (e: unknown) => e,
    )) as ConfigParameterError;
    expect(error.parameterNames).toEqual(['/pipewright/deploy-hook/apps/orders']);
    expect(error.message).toContain('/pipewright/deploy-hook/apps/orders (field checks.0): ');
  });
});
