/**
 * The settings of a pipewright deployment: in template.yaml its parameters (each named like its key here,
 * first letter capitalised: `configPath` is `ConfigPath`), in the CDK constructs their props. The
 * function descriptions read them; test/template/function-descriptions.test.ts checks every default
 * against template.yaml's.
 */
export interface Settings {
  /**
   * Deployment stage, used in names and tags: the custom action types' providers are
   * `Pipewright-<stage>-<Task>`. (default: `dev`)
   *
   * @example 'prod'
   */
  readonly stage: 'dev' | 'prod';
  /**
   * Parameter Store path holding the stack's configuration (keys under `deploy-hook/` and `notifier/`):
   * starts and ends with `/`. The load-parameters task can never export it. (default: `/pipewright/dev/`)
   *
   * @example '/pipewright/prod/'
   */
  readonly configPath: string;
  /**
   * Log level of the functions (`POWERTOOLS_LOG_LEVEL`). (default: `INFO`)
   *
   * @example 'DEBUG'
   */
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * Days CloudWatch Logs keeps the functions' logs (a retention period CloudWatch Logs offers). (default: `30`)
   *
   * @example 90
   */
  readonly logRetentionDays: number;
  /**
   * Days the failure queues and the notifier's dead-letter queue keep a message (1-14). They hold raw
   * events (a job's artifact credentials, CodeBuild environment values): keep it short. (default: `4`)
   *
   * @example 2
   */
  readonly failureRetentionDays: number;
  /**
   * Parameter Store path pattern the load-parameters task may read (`ssm:GetParametersByPath`): the
   * path itself and everything below it. `configPath` is always denied. (default: `/pipewright/exports/*`)
   *
   * @example '/app/prod*'
   */
  readonly exportableParameterPath: string;
  /**
   * Role SSM Automation assumes for run-automation tasks; only when set may the pipeline action pass it
   * (`iam:PassRole`). Empty: none. (default: `''`)
   *
   * @example 'arn:aws:iam::111111111111:role/automation'
   */
  readonly automationAssumeRoleArn: string;
  /**
   * Version of the custom action types (1 to 9 of A-Z a-z 0-9 _ -): bump it when their properties
   * change, or to create them again after a delete. (default: `1`)
   *
   * @example '2'
   */
  readonly customActionVersion: string;
  /**
   * Name pattern of the Lambda functions the deploy hook may smoke-invoke (their versions included). (default: `*`, every function of the account and region)
   *
   * @example 'orders-*'
   */
  readonly hookTargetFunctions: string;
  /**
   * Customer managed KMS key encrypting SecureString parameters under `configPath`; only when set may
   * the deploy hook and the notifier decrypt with it (through SSM). Empty: the default `aws/ssm` key. (default: `''`)
   *
   * @example 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab'
   */
  readonly configKmsKeyArn: string;
  /**
   * Pipelines whose CodePipeline events the notifier receives. Empty: every pipeline of the account
   * and region. (default: `[]`)
   *
   * @example ['orders-prod', 'billing-prod']
   */
  readonly pipelineNames: readonly string[];
  /**
   * Hub: the organisation whose accounts may send their pipeline events to the hub event bus. With
   * `spokeAccountIds` empty too: no hub. (default: `''`)
   *
   * @example 'o-a1b2c3d4e5'
   */
  readonly organizationId: string;
  /**
   * Hub: accounts that may send their pipeline events to the hub event bus, in or outside
   * `organizationId`. (default: `[]`)
   *
   * @example ['222222222222', '333333333333']
   */
  readonly spokeAccountIds: readonly string[];
  /**
   * Name of the read-only role templates/spoke.yaml creates in each spoke account; the notifier assumes
   * it to enrich events of that account. (default: `pipewright-reader`)
   *
   * @example 'pipewright-reader'
   */
  readonly readerRoleName: string;
  /**
   * External id the notifier passes when it assumes a reader role. Empty: none. (default: `''`)
   *
   * @example 'f3c1a9e0'
   */
  readonly readerExternalId: string;
}

/** Every setting's default: the Default of the template parameter of the same name. */
export const settingDefaults: Settings = {
  stage: 'dev',
  configPath: '/pipewright/dev/',
  logLevel: 'INFO',
  logRetentionDays: 30,
  failureRetentionDays: 4,
  exportableParameterPath: '/pipewright/exports/*',
  automationAssumeRoleArn: '',
  customActionVersion: '1',
  hookTargetFunctions: '*',
  configKmsKeyArn: '',
  pipelineNames: [],
  organizationId: '',
  spokeAccountIds: [],
  readerRoleName: 'pipewright-reader',
  readerExternalId: '',
};
