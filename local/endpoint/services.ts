import { chatWebhooks } from './chat-webhooks';
import { cloudwatch } from './cloudwatch';
import { codedeploy } from './codedeploy';
import { codepipeline } from './codepipeline';
import { ecs } from './ecs';
import { lambda } from './lambda';
import type { JsonService } from './protocol';
import type { RawService } from './raw';
import { s3 } from './s3';
import { sns } from './sns';
import { ssm } from './ssm';
import { sts } from './sts';

/** The JSON RPC services of the loopback endpoint (recognised by `X-Amz-Target`). */
export const jsonServices: JsonService[] = [codepipeline, codedeploy, ssm, cloudwatch, ecs];

/** The other services. Order matters: SNS, STS, Lambda and the chat webhooks are recognised by body/path, S3 takes the remaining GETs. */
export const rawServices: RawService[] = [sns, sts, lambda, chatWebhooks, s3];

/**
 * Every operation the loopback endpoint serves, IAM style (`codepipeline:PutJobSuccessResult`):
 * the names a seeded fault may use.
 *
 * @example
 * ```ts
 * servedOperations().includes('sns:Publish'); // true
 * ```
 */
export function servedOperations(): string[] {
  return [
    ...jsonServices.flatMap((service) => Object.keys(service.operations).map((op) => `${service.iam}:${op}`)),
    ...rawServices.flatMap((service) => service.operations.map((op) => `${service.iam}:${op}`)),
  ];
}
