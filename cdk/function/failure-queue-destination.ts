import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * Lambda's asynchronous failure records go to an SQS queue encrypted with a customer managed key. Unlike
 * `SqsDestination` (which also grants encrypt, re-encrypt and the queue's attributes), the function's
 * role may only send, and the key lets it encrypt only through SQS, as in template.yaml.
 *
 * @example
 * ```ts
 * new lambda.Function(this, 'Fn', { onFailure: new FailureQueueDestination(queue, key), ... });
 * ```
 */
export class FailureQueueDestination implements lambda.IDestination {
  constructor(
    private readonly queue: sqs.IQueue,
    private readonly key: kms.Key,
  ) {}

  bind(_scope: Construct, fn: lambda.IFunction): lambda.DestinationConfig {
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
    );
    const stack = Stack.of(this.key);
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [fn.role!],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'kms:CallerAccount': stack.account,
            'kms:ViaService': `sqs.${stack.region}.amazonaws.com`,
          },
        },
      }),
    );
    return { destination: this.queue.queueArn };
  }
}
