import { parseAppSpec } from '../../../functions/deploy-hook/appspec';
import { ConfigurationError } from '../../../functions/lib/errors';
import { HOOK_NAME } from '../../support/samples';
import { storedDeployment } from './fixtures';

const contentOf = (id: string) => storedDeployment(id).revision!.appSpecContent!.content!;

describe('parseAppSpec', () => {
  it('reads a SAM-generated JSON Lambda AppSpec (version 0.0) and its hooks', () => {
    expect(parseAppSpec(contentOf('d-7KQ2M4XAB'))).toEqual({
      resource: {
        kind: 'lambda',
        functionName: 'orders-api-OrdersFunction-Xb12Cd34Ef56',
        alias: 'live',
        currentVersion: '7',
        targetVersion: '8',
      },
      hooks: [{ event: 'BeforeAllowTraffic', functionName: HOOK_NAME }],
    });
  });

  it('reads a YAML Lambda AppSpec', () => {
    const spec = parseAppSpec(contentOf('d-3HN8W2QPZ'));
    expect(spec.resource).toMatchObject({ kind: 'lambda', currentVersion: '14', targetVersion: '15' });
  });

  it('reads an ECS AppSpec: task definition, container name and port', () => {
    expect(parseAppSpec(contentOf('d-B4C6E8G1J'))).toEqual({
      resource: {
        kind: 'ecs',
        taskDefinition: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/orders-web:42',
        containerName: 'web',
        containerPort: 8080,
      },
      hooks: [{ event: 'AfterAllowTestTraffic', functionName: HOOK_NAME }],
    });
  });

  it('accepts numeric versions written by hand', () => {
    const yaml = `version: 0.0
Resources:
  - Fn:
      Type: AWS::Lambda::Function
      Properties: { Name: orders, Alias: live, CurrentVersion: 3, TargetVersion: 4 }`;
    expect(parseAppSpec(yaml).resource).toMatchObject({ currentVersion: '3', targetVersion: '4' });
  });

  it('names the missing field when a Lambda AppSpec has no TargetVersion', () => {
    const json = JSON.stringify({
      version: 0.0,
      Resources: [
        {
          Fn: {
            Type: 'AWS::Lambda::Function',
            Properties: { Name: 'orders', Alias: 'live', CurrentVersion: '3' },
          },
        },
      ],
    });
    expect(() => parseAppSpec(json)).toThrow(/AppSpec\.Resources\.0\.Fn\.Properties\.TargetVersion/);
  });

  it('rejects content that is neither JSON nor YAML with a ConfigurationError', () => {
    expect(() => parseAppSpec('Resources: [unclosed')).toThrow(ConfigurationError);
  });

  it('rejects a resource type the hook does not validate', () => {
    const yaml = 'Resources:\n  - Web:\n      Type: AWS::EC2::Instance\n      Properties: {}\n';
    expect(() => parseAppSpec(yaml)).toThrow(ConfigurationError);
  });
});
