import * as z from 'zod';
import { codedeployDeploymentUrl } from '../links';
import { defineSource, eventTime, severityOf } from './define';

/** CodeDeploy says FAILURE / STOP / SUCCESS; notifications say it like the pipeline ones do. */
const LABEL_OF_STATE: Record<string, string> = { FAILURE: 'FAILED', STOP: 'STOPPED', SUCCESS: 'SUCCEEDED' };

/**
 * `CodeDeploy Deployment State-change Notification`: a deployment started, succeeded, failed or was
 * stopped. The event says little (ids and state); the error comes from `GetDeployment` (enrichment).
 */
export const codedeployDeployment = defineSource({
  name: 'codedeploy-deployment',
  source: 'aws.codedeploy',
  detailType: 'CodeDeploy Deployment State-change Notification',
  detail: z.object({
    deploymentId: z.string().min(1),
    state: z.string().min(1),
    application: z.string().min(1),
    deploymentGroup: z.string().optional(),
    region: z.string().optional(),
  }),
  build: (envelope, detail) => {
    const region = detail.region ?? envelope.region;
    return {
      source: 'codedeploy',
      scope: 'deployment',
      resource: detail.application,
      state: detail.state,
      label: LABEL_OF_STATE[detail.state] ?? detail.state,
      severity: severityOf(detail.state),
      region,
      account: envelope.account,
      time: eventTime(envelope),
      executionId: detail.deploymentId,
      deploymentGroup: detail.deploymentGroup,
      failures: [],
      revisions: [],
      links: [{ label: 'Deployment', url: codedeployDeploymentUrl(region, detail.deploymentId) }],
      facts: [],
    };
  },
});
