import {
  GetApplicationRevisionCommand,
  GetDeploymentCommand,
  type DeploymentInfo,
} from '@aws-sdk/client-codedeploy';
import { describeDeployment } from '../../../functions/deploy-hook/deployment';
import { answerFromState, deploymentOf, mocks, restoreEnvAfterEach } from './fixtures';

const HOOK = 'CodeDeployHook_pipewright-dev';

/** A deployment as the real GetDeployment answers it: the AppSpec's sha256, never its content. */
function withoutContent(id: string): { info: DeploymentInfo; sha256?: string } {
  const info = deploymentOf(id);
  const { sha256 } = info.revision!.appSpecContent!;
  return {
    info: { ...info, revision: { revisionType: 'AppSpecContent', appSpecContent: { sha256 } } },
    sha256,
  };
}

describe('describeDeployment', () => {
  restoreEnvAfterEach();
  beforeEach(() => answerFromState());

  it('reads the AppSpec with GetApplicationRevision when GetDeployment returns only its sha256 (as AWS does)', async () => {
    const { info, sha256 } = withoutContent('d-7KQ2M4XAB');
    mocks.codedeploy.on(GetDeploymentCommand).resolves({ deploymentInfo: info });
    mocks.codedeploy.on(GetApplicationRevisionCommand).resolves({
      applicationName: info.applicationName,
      revision: {
        revisionType: 'AppSpecContent',
        appSpecContent: deploymentOf('d-7KQ2M4XAB').revision!.appSpecContent,
      },
    });

    const target = await describeDeployment('d-7KQ2M4XAB', HOOK);

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

  it('uses inline AppSpec content without another call when the revision carries it', async () => {
    const target = await describeDeployment('d-3HN8W2QPZ', HOOK);

    expect(mocks.codedeploy).not.toHaveReceivedCommand(GetApplicationRevisionCommand);
    expect(target.resource).toMatchObject({
      functionName: 'inventory-sync-SyncFunction-Qw9Er8Ty7Ui6',
      targetVersion: '15',
    });
  });

  it('names the revision type when the application revision has no AppSpec content either', async () => {
    const { info } = withoutContent('d-7KQ2M4XAB');
    mocks.codedeploy.on(GetDeploymentCommand).resolves({ deploymentInfo: info });
    mocks.codedeploy
      .on(GetApplicationRevisionCommand)
      .resolves({ revision: { revisionType: 'AppSpecContent' } });

    await expect(describeDeployment('d-7KQ2M4XAB', HOOK)).rejects.toThrow(
      'Deployment d-7KQ2M4XAB has revision type AppSpecContent without AppSpec content',
    );
  });
});
