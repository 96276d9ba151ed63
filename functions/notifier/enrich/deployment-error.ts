import { GetDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { resourceArn } from '../links';
import { caps, redact, redactOptional } from '../redact';
import type { Enricher } from './enricher';

/** The resource of a deployment event that did not name its application (until GetDeployment does). */
export const UNKNOWN_APPLICATION = '(unknown application)';

/**
 * `GetDeployment`: why a CodeDeploy deployment failed or stopped (error code and message), the
 * instance/target overview, who created it, its duration — and its application when the event did not
 * name it.
 */
export const deploymentError: Enricher = {
  name: 'deployment-error',
  appliesTo: (n) => n.severity !== 'info',
  run: async (n, aws) => {
    const { deploymentInfo: info } = await aws.codedeploy.send(
      new GetDeploymentCommand({ deploymentId: n.executionId }),
    );
    if (!info) return;
    if (n.resource === UNKNOWN_APPLICATION && info.applicationName) {
      n.resource = redact(info.applicationName, caps.name);
      n.arn = resourceArn(n.region, 'codedeploy', n.account, `application:${n.resource}`);
    }
    n.deploymentGroup ??= info.deploymentGroupName;
    const error = info.errorInformation;
    n.failures = [
      {
        action: n.deploymentGroup ? `deployment group ${n.deploymentGroup}` : undefined,
        provider: 'CodeDeploy',
        code: redactOptional(error?.code, caps.name),
        summary:
          redactOptional(error?.message, caps.summary) ?? `Deployment ${n.executionId} ended ${n.state}`,
      },
    ];
    const overview = info.deploymentOverview;
    if (overview) {
      const counts = Object.entries(overview)
        .filter(([, count]) => typeof count === 'number' && count > 0)
        .map(([status, count]) => `${count} ${status.toLowerCase()}`);
      if (counts.length) n.facts.push(`Targets: ${counts.join(', ')}`);
    }
    if (info.rollbackInfo?.rollbackMessage)
      n.facts.push(`Rollback: ${redact(info.rollbackInfo.rollbackMessage, caps.summary)}`);
    if (info.creator) n.trigger = { type: info.creator };
    if (info.createTime && info.completeTime)
      n.durationMs = info.completeTime.getTime() - info.createTime.getTime();
  },
};
