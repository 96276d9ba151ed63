import { countText } from '../../functions/lib/text';
import { type JsonService, type OperationCall, epochTimestamps } from './protocol';
import { AwsError } from './world';

type Seeded = Record<string, unknown> & {
  serviceArn?: string;
  clusterArn?: string;
  status?: string;
  createdAt?: string;
  targetServiceRevision?: { arn?: string };
};

/** The seeded service deployments, each with its ARN (the key it is seeded under). */
function deployments(call: OperationCall): Array<Seeded & { serviceDeploymentArn: string }> {
  const seeded = call.world.state.ecs?.serviceDeployments ?? {};
  return Object.entries(seeded).map(([arn, d]) => ({ ...(d as Seeded), serviceDeploymentArn: arn }));
}

/** `name` or an ARN ending in `/<name>`: what ECS takes for a cluster or a service. */
const names = (value: string | undefined, arn: string | undefined) =>
  value !== undefined && arn !== undefined && (arn === value || arn.endsWith(`/${value}`));

/**
 * Amazon ECS (JSON 1.1, `AmazonEC2ContainerServiceV20141113`): the service deployments of ECS native
 * blue/green, linear and canary deployments, as the deploy hook reads them.
 */
export const ecs: JsonService = {
  iam: 'ecs',
  target: 'AmazonEC2ContainerServiceV20141113',
  version: '1.1',
  operations: {
    DescribeServiceDeployments(input, call) {
      const arns: unknown = input.serviceDeploymentArns;
      if (!Array.isArray(arns) || arns.length < 1 || arns.length > 20) {
        throw new AwsError('InvalidParameterException', 'serviceDeploymentArns must hold 1 to 20 ARNs');
      }
      const all = deployments(call);
      const found = all.filter((d) => arns.includes(d.serviceDeploymentArn));
      const failures = arns
        .filter((arn) => !found.some((d) => d.serviceDeploymentArn === arn))
        .map((arn) => ({ arn, reason: 'MISSING' }));
      call.note(
        found.map((d) => `${d.status ?? 'UNKNOWN'} ${String(d.lifecycleStage ?? '')}`.trim()).join(', ') ||
          'MISSING',
      );
      return epochTimestamps({ serviceDeployments: found, failures });
    },
    ListServiceDeployments(input, call) {
      const cluster: string = input.cluster ?? 'default';
      if (typeof input.service !== 'string' || input.service === '') {
        throw new AwsError('InvalidParameterException', 'service is required');
      }
      const ofService = deployments(call).filter(
        (d) => names(input.service, d.serviceArn) && names(cluster, d.clusterArn),
      );
      if (ofService.length === 0) throw new AwsError('ServiceNotFoundException', 'Service not found.');
      const statuses: string[] | undefined = input.status;
      const selected = ofService
        .filter((d) => !statuses || statuses.includes(d.status ?? ''))
        .sort((a, b) => Date.parse(b.createdAt ?? '') - Date.parse(a.createdAt ?? ''));
      const start = input.nextToken ? Number(input.nextToken) : 0;
      const max: number = input.maxResults ?? 20;
      const page = selected.slice(start, start + max);
      call.note(countText(page.length, 'service deployment'));
      return epochTimestamps({
        serviceDeployments: page.map((d) => ({
          serviceDeploymentArn: d.serviceDeploymentArn,
          serviceArn: d.serviceArn,
          clusterArn: d.clusterArn,
          createdAt: d.createdAt,
          startedAt: d.startedAt,
          targetServiceRevisionArn: d.targetServiceRevision?.arn,
          status: d.status,
        })),
        nextToken: start + max < selected.length ? String(start + max) : undefined,
      });
    },
  },
};
