import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadTemplate, projectRoot } from './project';
import { parseParameterOverrides } from '../../local/template/samconfig';
import { type SamconfigValue, samconfigEnvironments } from './samconfig';

const parameterOverrides = (value: SamconfigValue | undefined) =>
  parseParameterOverrides(value as string | string[]);

const config = samconfigEnvironments();
const parameters = loadTemplate().Parameters ?? {};

describe('samconfig.toml', () => {
  it('is version 0.1 with a default (dev) and a prod environment', () => {
    expect(readFileSync(path.join(projectRoot, 'samconfig.toml'), 'utf8')).toMatch(/^version = 0\.1$/m);
    expect(Object.keys(config).sort()).toEqual(['default', 'prod']);
  });

  it.each(['default', 'prod'])('builds %s cached and in parallel', (env) => {
    expect(config[env]!['build.parameters']).toMatchObject({ cached: true, parallel: true });
  });

  it.each([
    ['default', false, 'dev'],
    ['prod', true, 'prod'],
  ])('deploys %s with IAM capability, resolve_s3 and confirm_changeset=%s', (env, confirm, stage) => {
    const deploy = config[env]!['deploy.parameters']!;
    expect(deploy).toMatchObject({
      capabilities: 'CAPABILITY_IAM',
      resolve_s3: true,
      confirm_changeset: confirm,
    });
    expect(config[env]!['global.parameters']!.stack_name).toBe(`pipewright-${stage}`);
    expect(parameterOverrides(deploy.parameter_overrides)).toMatchObject({
      Stage: stage,
      ConfigPath: `/pipewright/${stage}/`,
    });
  });

  it('overrides only parameters the template declares, with values it accepts', () => {
    for (const env of Object.values(config)) {
      for (const table of ['deploy.parameters', 'local_invoke.parameters']) {
        const overrides = parameterOverrides(env[table]?.parameter_overrides);
        expect(Object.keys(overrides).length).toBeGreaterThan(0);
        for (const [name, text] of Object.entries(overrides)) {
          const parameter = parameters[name];
          expect(parameter).toBeDefined();
          const allowed = parameter!.AllowedValues as unknown[] | undefined;
          if (allowed) expect(allowed.map(String)).toContain(text);
          const pattern = parameter!.AllowedPattern as string | undefined;
          if (pattern) expect(text).toMatch(new RegExp(pattern));
        }
      }
    }
  });
});
