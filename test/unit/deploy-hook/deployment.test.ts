import {
  GetApplicationRevisionCommand,
  GetDeploymentCommand,
  type DeploymentInfo,
} from '@aws-sdk/client-codedeploy';
import { describeDeployment } from '../../../functions/deploy-hook/deployment';
import { HOOK_NAME } from '../../support/samples';
import { answerFromState, deploymentOf, mocks, useConfigPath, storedDeployment } from './fixtures';

describe('describeDeployment', () => {
  useConfigPath('/pipewright/dev/');
  beforeEach(() => answerFromState());

  it('reads the AppSpec with GetApplicationRevision when GetDeployment returns only its sha256 (as AWS does)', async () => {
    const { sha256 } = (await deploymentOf('d-7KQ2M4XAB')).revision!.appSpecContent!;

    const target = await describeDeployment('d-7KQ2M4XAB', HOOK_NAME);

    expect(mocks.codedeploy).toHaveReceivedCommandWith(GetApplicationRevisionCommand, {
      applicationName: 'orders-api-ServerlessDeploymentApplication-1QX5Z8M2B7K4',
      revision: { revisionType: 'AppSpecContent', appSpecContent: { sha256 } },
    });
    expect(target.resource).toEqual({
      kind: 'lambda',
      functionName: 'orders-api-OrdersFunction-Xb12Cd34Ef56',
      alias: 'live',
      currentVersion: '7',
      targetVersion: '8',
    });
    expect(target.lifecycleEvents).toEqual(['BeforeAllowTraffic']);
  });

  it('uses inline AppSpec content without another call when the revision carries it (older shapes)', async () => {
    mocks.codedeploy.on(GetDeploymentCommand).resolves({ deploymentInfo: storedDeployment('d-3HN8W2QPZ') });

    const target = await describeDeployment('d-3HN8W2QPZ', HOOK_NAME);

    expect(mocks.codedeploy).not.toHaveReceivedCommand(GetApplicationRevisionCommand);
    expect(target.resource).toMatchObject({
      functionName: 'inventory-sync-SyncFunction-Qw9Er8Ty7Ui6',
      targetVersion: '15',
    });
  });

  it('reads the inline content of a String revision', async () => {
    const stored = storedDeployment('d-3HN8W2QPZ');
    const info: DeploymentInfo = {
      ...stored,
      revision: { revisionType: 'String', string: { content: stored.revision!.appSpecContent!.content } },
    };
    mocks.codedeploy.on(GetDeploymentCommand).resolves({ deploymentInfo: info });

    const target = await describeDeployment('d-3HN8W2QPZ', HOOK_NAME);

    expect(target.resource).toMatchObject({ kind: 'lambda', targetVersion: '15' });
  });

  it('names the revision type when the application revision has no AppSpec content either', async () => {
    mocks.codedeploy
      .on(GetApplicationRevisionCommand)
      .resolves({ revision: { revisionType: 'AppSpecContent' } });

    await expect(describeDeployment('d-7KQ2M4XAB', HOOK_NAME)).rejects.toThrow(
      'Deployment d-7KQ2M4XAB has revision type AppSpecContent without AppSpec content',
    );
  });

  it('names the revision type of a deployment whose revision is an S3 object', async () => {
    const info: DeploymentInfo = {
      ...(await deploymentOf('d-7KQ2M4XAB')),
      revision: {
        revisionType: 'S3',
        s3Location: { bucket: 'artifacts', key: 'app.zip', bundleType: 'zip' },
      },
    };
    mocks.codedeploy.on(GetDeploymentCommand).resolves({ deploymentInfo: info });

    await expect(describeDeployment('d-7KQ2M4XAB', HOOK_NAME)).rejects.toThrow(
      'Deployment d-7KQ2M4XAB has revision type S3 without AppSpec content',
    );
    expect(mocks.codedeploy).not.toHaveReceivedCommand(GetApplicationRevisionCommand);
  });
});
