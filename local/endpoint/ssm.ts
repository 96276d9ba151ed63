import { countText } from '../../functions/lib/text';
import { createHash } from 'node:crypto';
import type { JsonService, OperationCall } from './protocol';
import type { StateParameter } from './state-schema';
import { ACCOUNT_ID, AwsError } from './world';

/** What a SecureString looks like when read without decryption (a KMS ciphertext blob). */
function encryptedLooking(value: string): string {
  return `AQICAH${createHash('sha256').update(value).digest('base64')}`;
}

/** A seeded value with `{{endpoint}}` pointing at this endpoint (a webhook URL of its chat stand-ins). */
const withEndpoint = (call: OperationCall, value: string) => value.replaceAll('{{endpoint}}', call.world.url);

function shape(call: OperationCall, p: StateParameter, decrypt: boolean) {
  const type = p.type ?? 'String';
  return {
    Name: p.name,
    Type: type,
    Value: type === 'SecureString' && !decrypt ? encryptedLooking(p.value) : withEndpoint(call, p.value),
    Version: 1,
    LastModifiedDate: 1_767_225_600,
    ARN: `arn:aws:ssm:${call.world.region}:${ACCOUNT_ID}:parameter${p.name.startsWith('/') ? '' : '/'}${p.name}`,
    DataType: 'text',
  };
}

const parameters = (call: OperationCall) =>
  [...(call.world.state.ssm?.parameters ?? [])].sort((a, b) => a.name.localeCompare(b.name));
const find = (call: OperationCall, name: string) =>
  parameters(call).find((p) => p.name === name.split(':')[0]);
const documentName = (nameOrArn: string) => nameOrArn.split('document/').pop() ?? nameOrArn;

/** SSM (JSON 1.1, `AmazonSSM`): Parameter Store, Change Calendar, Automation. */
export const ssm: JsonService = {
  iam: 'ssm',
  target: 'AmazonSSM',
  version: '1.1',
  operations: {
    GetParametersByPath(input, call) {
      const path = String(input.Path ?? '');
      if (!path.startsWith('/')) throw new AwsError('ValidationException', 'Path must start with /');
      const max = input.MaxResults ?? 10;
      if (max < 1 || max > 10)
        throw new AwsError('ValidationException', 'MaxResults must be between 1 and 10');
      const prefix = path.endsWith('/') ? path : `${path}/`;
      const matching = parameters(call).filter(
        (p) => p.name.startsWith(prefix) && (input.Recursive || !p.name.slice(prefix.length).includes('/')),
      );
      const start = input.NextToken ? Number(input.NextToken) : 0;
      const pageItems = matching.slice(start, start + max);
      const next = start + max < matching.length ? String(start + max) : undefined;
      call.note(`${countText(pageItems.length, 'parameter')}${next ? ', more pages' : ''}`);
      return { Parameters: pageItems.map((p) => shape(call, p, !!input.WithDecryption)), NextToken: next };
    },
    GetParameters(input, call) {
      const names: string[] = input.Names ?? [];
      if (names.length < 1 || names.length > 10)
        throw new AwsError('ValidationException', 'Names must hold 1-10 names');
      const found = names.map((name) => find(call, name)).filter((p): p is StateParameter => !!p);
      const invalid = names.filter((name) => !find(call, name));
      call.note(`${found.length} found, ${invalid.length} invalid`);
      return {
        Parameters: found.map((p) => shape(call, p, !!input.WithDecryption)),
        InvalidParameters: invalid,
      };
    },
    GetParameter(input, call) {
      const found = find(call, String(input.Name));
      if (!found) throw new AwsError('ParameterNotFound', `Parameter ${input.Name} not found.`);
      return { Parameter: shape(call, found, !!input.WithDecryption) };
    },
    GetCalendarState(input, call) {
      const calendars = call.world.state.ssm?.calendars ?? {};
      const states = (input.CalendarNames ?? []).map((name: string) => {
        const calendar = calendars[documentName(name)] ?? calendars[name];
        if (!calendar) throw new AwsError('InvalidDocument', `Calendar ${name} does not exist.`);
        return calendar;
      });
      const closed = states.find((s: { state: string }) => s.state === 'CLOSED');
      const state = closed ? 'CLOSED' : 'OPEN';
      call.note(state);
      const next = (closed ?? states[0])?.nextTransitionTime;
      return { State: state, AtTime: input.AtTime ?? new Date().toISOString(), NextTransitionTime: next };
    },
    StartAutomationExecution(input, call) {
      const name = documentName(String(input.DocumentName));
      if (!call.world.state.ssm?.automationDocuments?.[name]) {
        throw new AwsError(
          'AutomationDefinitionNotFoundException',
          `Automation document ${name} was not found`,
        );
      }
      const id = call.world.newId();
      call.world.automations.set(id, {
        document: name,
        polls: 0,
        startedAt: new Date(),
        parameters: input.Parameters,
      });
      call.note(id);
      return { AutomationExecutionId: id };
    },
    GetAutomationExecution(input, call) {
      const execution = call.world.automations.get(String(input.AutomationExecutionId));
      if (!execution) {
        throw new AwsError(
          'AutomationExecutionNotFoundException',
          `Execution ${input.AutomationExecutionId} not found`,
        );
      }
      const doc = call.world.state.ssm?.automationDocuments?.[execution.document] ?? {};
      const steps = doc.steps ?? [];
      execution.polls += 1;
      const done = Math.min(execution.polls, steps.length);
      const finished = execution.polls >= steps.length;
      const status = finished ? (doc.finalStatus ?? 'Success') : 'InProgress';
      const failed = steps.find((s) => s.status && s.status !== 'Success');
      call.note(status);
      return {
        AutomationExecution: {
          AutomationExecutionId: input.AutomationExecutionId,
          DocumentName: execution.document,
          DocumentVersion: '1',
          AutomationExecutionStatus: status,
          ExecutionStartTime: execution.startedAt.getTime() / 1000,
          ...(finished ? { ExecutionEndTime: Date.now() / 1000 } : {}),
          StepExecutions: steps.map((step, index) => ({
            StepName: step.name,
            Action: 'aws:executeAwsApi',
            StepStatus: index < done ? (step.status ?? 'Success') : index === done ? 'InProgress' : 'Pending',
            ...(index < done && step.failureMessage ? { FailureMessage: step.failureMessage } : {}),
          })),
          ...(finished && status !== 'Success'
            ? { FailureMessage: failed?.failureMessage ?? `Automation ${status}` }
            : {}),
          ...(finished && doc.outputs ? { Outputs: doc.outputs } : {}),
          Parameters: execution.parameters,
        },
      };
    },
  },
};
