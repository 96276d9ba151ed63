import { randomUUID } from 'node:crypto';
import { queryError, xmlResult } from './protocol';
import { assumedAccessKeyId } from './accounts';
import { type RawService, formFields, queryForm } from './raw';
import { ACCOUNT_ID, AwsError } from './world';

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

function denied(roleArn: string, why = ''): AwsError {
  return new AwsError(
    'AccessDenied',
    `User: arn:aws:sts::${ACCOUNT_ID}:assumed-role/local-runner/pipewright is not authorized to perform: sts:AssumeRole on resource: ${roleArn}${why}`,
    403,
  );
}

/**
 * STS (Query protocol: form-urlencoded `Action=AssumeRole&Version=2011-06-15`, XML answers). A role may
 * be assumed when `accounts.<id>.roles` of the seeded state lists it (and its `externalId` matches);
 * anything else is AccessDenied, as for a role whose trust policy does not admit the caller.
 */
export const sts: RawService = {
  iam: 'sts',
  operations: ['AssumeRole'],
  decode(request) {
    const form = queryForm(request, '2011-06-15');
    if (!form) return undefined;
    const { Action, RoleArn, RoleSessionName, DurationSeconds } = form;
    const input = { RoleArn, RoleSessionName, DurationSeconds, ExternalId: form.ExternalId && '***' };
    return { operation: Action, iamOperations: [Action], input };
  },
  run({ operation }, request, res, call) {
    if (operation !== 'AssumeRole')
      throw new AwsError('InvalidAction', `Operation ${operation} is not supported here`);
    const form = formFields(request);
    const roleArn = form.RoleArn ?? '';
    if (!SESSION_NAME.test(form.RoleSessionName ?? ''))
      throw new AwsError('ValidationError', 'RoleSessionName must be 2-64 characters of [\\w+=,.@-]');
    const [, account = '', name = ''] = ROLE_ARN.exec(roleArn) ?? [];
    const role = call.world.state.accounts?.[account]?.roles?.find((r) => r.name === name);
    if (!role) throw denied(roleArn);
    if (role.externalId !== undefined && role.externalId !== form.ExternalId)
      throw denied(roleArn, ' (the external id does not match)');
    const seconds = Number(form.DurationSeconds ?? 3600);
    const expiration = new Date(Date.now() + seconds * 1000).toISOString();
    call.note(`credentials of ${account} until ${expiration}`);
    xmlResult(
      res,
      200,
      `<AssumeRoleResponse xmlns="${XMLNS}"><AssumeRoleResult>` +
        `<AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/${name}/${form.RoleSessionName}</Arn>` +
        `<AssumedRoleId>AROA${account}LOCAL:${form.RoleSessionName}</AssumedRoleId></AssumedRoleUser>` +
        `<Credentials><AccessKeyId>${assumedAccessKeyId(account)}</AccessKeyId>` +
        `<SecretAccessKey>${role.secretAccessKey ?? `local-assumed-secret-${account}`}</SecretAccessKey>` +
        `<SessionToken>${role.sessionToken ?? `local-assumed-session-${account}-${randomUUID()}`}</SessionToken>` +
        `<Expiration>${expiration}</Expiration></Credentials>` +
        `</AssumeRoleResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    );
  },
  error: (res, error) => queryError(res, XMLNS, error),
};
