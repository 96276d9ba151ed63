import * as z from 'zod';
import { setting } from '../../lib/config';
import { UNKNOWN_APPLICATION, deploymentError } from '../enrich/deployment-error';
import { codedeployDeploymentUrl, resourceArn } from '../links';
import { unlessListed } from '../rules';
import { defineSource, eventTime, severityOf } from './define';
import { incidental, regionName } from './tolerant';

/** CodeDeploy says FAILURE / STOP / SUCCESS; notifications say it like the pipeline ones do. */
const LABEL_OF_STATE = new Map([
  ['FAILURE', 'FAILED'],
  ['STOP', 'STOPPED'],
  ['SUCCESS', 'SUCCEEDED'],
]);

/**
 * The states CodeDeploy emits in a deployment state-change event (CodeDeploy user guide, "Monitoring
 * deployments with Amazon EventBridge"): `notify-on-deployment-states` entries must be among them.
 */
const DEPLOYMENT_STATES = ['FAILURE', 'READY', 'START', 'STOP', 'SUCCESS'] as const;

/**
 * `CodeDeploy Deployment State-change Notification`: a deployment started, succeeded, failed or was
 * stopped. The event says little (ids and state); the error comes from `GetDeployment` (enrichment).
 * `notify-on-deployment-states` (default `FAILURE,STOP`) says which states notify.
 */
export const codedeployDeployment = defineSource({
  name: 'codedeploy-deployment',
  source: 'aws.codedeploy',
  detailType: 'CodeDeploy Deployment State-change Notification',
  detail: z.object({
    deploymentId: z.string().min(1),
    state: z.string().min(1),
    // Without it, GetDeployment (enrichment) names the application.
    application: incidental(z.string().min(1)),
    deploymentGroup: incidental(z.string().min(1)),
    region: incidental(regionName),
  }),
  nouns: { resource: 'CodeDeploy application', run: 'deployment' },
  placement: { runInSubject: true },
  enrichers: [deploymentError],
  settings: { notifyOnDeploymentStates: setting.list(['FAILURE', 'STOP'], { of: DEPLOYMENT_STATES }) },
  earlySkip: (n, config) => unlessListed(config.notifyOnDeploymentStates, n),
  build: (envelope, detail) => {
    const region = detail.region ?? envelope.region;
    const application = detail.application ?? UNKNOWN_APPLICATION;
    return {
      source: 'codedeploy',
      scope: 'deployment',
      resource: application,
      arn: resourceArn(region, 'codedeploy', envelope.account, `application:${application}`),
      state: detail.state,
      label: LABEL_OF_STATE.get(detail.state) ?? detail.state,
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
