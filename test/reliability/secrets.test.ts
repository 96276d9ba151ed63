import { mapLimit } from '../../local/demo';
import { loadState } from '../../local/endpoint/state';
import { type Invocation, invokeBundle, openEndpoint, readEvent } from '../integration/harness';
import { startLoopbackServer } from '../support/loopback-server';
import { recordFigure } from './figures';

/** Distinct, greppable secret values: each may appear only where it must go. */
const SECRET = {
  artifactSecretKey: 'PLANTED-artifact-secret-key-7Qx1',
  artifactSessionToken: 'PLANTED-artifact-session-token-3Vb8',
  header: 'PLANTED-header-api-key-9Kd2',
  userinfo: 'PLANTED-userinfo-password-5Mz4',
  queryToken: 'PLANTED-query-token-2Lw6',
  artifactContent: 'PLANTED-artifact-content-8Hn3',
  secureParameter: 'PLANTED-secure-parameter-4Tc7',
  secureConfig: 'PLANTED-secure-config-6Rj5',
  plaintextEnv: 'PLANTED-codebuild-plaintext-1Gy9',
  flagValue: 'PLANTED-db-password-flag-0Pe2',
  flagEquals: 'PLANTED-api-token-equals-3Ws1',
  malformedUrlToken: 'PLANTED-malformed-url-token-5Fq8',
  malformedUrlPassword: 'PLANTED-malformed-url-password-7Dk2',
  slackWebhookToken: 'PLANTED-slack-webhook-token-3Qm9',
  teamsWebhookSignature: 'PLANTED-teams-webhook-sig-6Bn1',
  assumedSecretKey: 'PLANTED-assumed-secret-key-2Nx5',
  assumedSessionToken: 'PLANTED-assumed-session-token-6Qa9',
};
type SecretName = keyof typeof SECRET;

/** Where a leak is looked for. */
const PLACES = [
  'logs',
  'AWS requests',
  'SNS messages',
  'invocation errors (kept with the event by a failure queue)',
];

/** One planted case: a function, an event and state carrying secrets, and where each secret may legitimately go. */
interface PlantedCase {
  name: string;
  logicalId: string;
  event: unknown;
  /** Replaces strings in the seeded state (emptyBaseState: the whole state is given). */
  stateText?: [string, string][];
  extraState?: Record<string, unknown>;
  secrets: SecretName[];
  /** A request that must carry this secret (e.g. the session token to S3): it is not a leak there. */
  allowedIn?: (secret: SecretName, request: { url: string; headers: Record<string, unknown> }) => boolean;
}

function jobWith(file: string, parameters: (url: string) => Record<string, unknown>, url: string) {
  const event = readEvent(`pipeline-action/${file}`) as {
    'CodePipeline.job': {
      data: {
        actionConfiguration: { configuration: { UserParameters?: string } };
        artifactCredentials: { secretAccessKey: string; sessionToken?: string };
      };
    };
  };
  const data = event['CodePipeline.job'].data;
  const current = JSON.parse(data.actionConfiguration.configuration.UserParameters ?? '{}') as object;
  data.actionConfiguration.configuration.UserParameters = JSON.stringify({ ...current, ...parameters(url) });
  data.artifactCredentials.secretAccessKey = SECRET.artifactSecretKey;
  data.artifactCredentials.sessionToken = SECRET.artifactSessionToken;
  return event;
}

/** Seeded state holding the deploy-hook configuration of the sample Lambda application (lambda-failing-check.json). */
function appConfiguration(type: 'String' | 'SecureString', value: string) {
  const name = '/pipewright/dev/deploy-hook/apps/inventory-sync-ServerlessDeploymentApplication-5LP0R7ZC1W9E';
  return { ssm: { parameters: [{ name, type, value }] } };
}

function plainTextBuild() {
  const event = readEvent('notifier/codebuild-failed.json') as {
    detail: {
      'additional-information': {
        environment: { 'environment-variables': { type: string; value: string }[] };
      };
    };
  };
  for (const variable of event.detail['additional-information'].environment['environment-variables']) {
    if (variable.type === 'PLAINTEXT') variable.value = SECRET.plaintextEnv;
  }
  return event;
}

/** Every place a secret could have reached in one run, as text. */
function placesOf(
  run: Invocation,
  requests: { url: string; headers: Record<string, unknown>; body: string }[],
) {
  return {
    logs: run.logs.join('\n'),
    requests,
    'SNS messages': run.published.map((m) => `${m.subject ?? ''}\n${m.message}`).join('\n'),
    'invocation errors (kept with the event by a failure queue)': JSON.stringify(run.error ?? ''),
  };
}

const appears = (text: string, secret: string) =>
  text.includes(secret) || text.includes(encodeURIComponent(secret));

describe('secrets planted in events, parameters, artifacts and failure messages', () => {
  it('appear in no log line, AWS request (except where they must go), SNS message or invocation error', async () => {
    const origin = await startLoopbackServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"down"}');
    });
    const url = origin.url();
    const withoutScheme = url.replace('http://', '');
    const cases: PlantedCase[] = [
      {
        name: 'http-check with a secret header, a query token and artifact credentials',
        logicalId: 'PipelineActionFunction',
        event: jobWith(
          'http-check.json',
          (u) => ({
            url: `${u}/health?token=${SECRET.queryToken}`,
            headers: { 'X-Api-Key': SECRET.header },
            attempts: 1,
          }),
          url,
        ),
        secrets: ['header', 'queryToken', 'artifactSecretKey', 'artifactSessionToken'],
      },
      {
        name: 'http-check with URL userinfo',
        logicalId: 'PipelineActionFunction',
        event: jobWith(
          'http-check.json',
          () => ({ url: `http://probe:${SECRET.userinfo}@${withoutScheme}/health`, attempts: 1 }),
          url,
        ),
        secrets: ['userinfo'],
      },
      {
        name: 'http-check whose URL comes from artifact content',
        logicalId: 'PipelineActionFunction',
        event: jobWith('http-check-url-from-artifact.json', () => ({}), url),
        stateText: [['http://127.0.0.1:8080/health', `not a url ${SECRET.artifactContent}`]],
        secrets: ['artifactContent', 'artifactSessionToken', 'artifactSecretKey'],
        // The S3 GetObject of the input artifact is signed with the job's credentials: the session token goes with it.
        allowedIn: (secret, request) =>
          secret === 'artifactSessionToken' &&
          request.headers['x-amz-security-token'] !== undefined &&
          !request.headers['x-amz-target'],
      },
      {
        name: 'http-check whose malformed URL carries userinfo and a query token',
        logicalId: 'PipelineActionFunction',
        event: jobWith(
          'http-check.json',
          () => ({
            url: `https://admin:${SECRET.malformedUrlPassword}@sv c/health?token=${SECRET.malformedUrlToken}`,
          }),
          url,
        ),
        secrets: ['malformedUrlPassword', 'malformedUrlToken'],
      },
      {
        name: 'http-check whose URL of the wrong scheme carries userinfo and a query token',
        logicalId: 'PipelineActionFunction',
        event: jobWith(
          'http-check.json',
          () => ({
            url: `ftp://admin:${SECRET.malformedUrlPassword}@svc/health?token=${SECRET.malformedUrlToken}`,
          }),
          url,
        ),
        secrets: ['malformedUrlPassword', 'malformedUrlToken'],
      },
      {
        name: 'deploy hook with a String app configuration whose check URL is malformed',
        logicalId: 'DeployHookFunction',
        event: readEvent('deploy-hook/lambda-failing-check.json'),
        extraState: appConfiguration(
          'String',
          JSON.stringify({
            checks: [
              {
                check: 'http',
                url: `ftp://admin:${SECRET.malformedUrlPassword}@svc/health?token=${SECRET.malformedUrlToken}`,
              },
            ],
          }),
        ),
        secrets: ['malformedUrlPassword', 'malformedUrlToken'],
      },
      {
        name: 'load-parameters over a SecureString parameter',
        logicalId: 'PipelineActionFunction',
        event: jobWith('load-parameters.json', () => ({}), url),
        extraState: {
          ssm: {
            parameters: [
              { name: '/checkout/prod/db/password', type: 'SecureString', value: SECRET.secureParameter },
            ],
          },
        },
        secrets: ['secureParameter'],
      },
      {
        name: 'deploy hook with a broken SecureString app configuration',
        logicalId: 'DeployHookFunction',
        event: readEvent('deploy-hook/lambda-failing-check.json'),
        extraState: appConfiguration(
          'SecureString',
          `{"checks":[{"check":"http","headers":{"Authorization":"${SECRET.secureConfig}"`,
        ),
        secrets: ['secureConfig'],
      },
      {
        name: "event of another account, read with the credentials of its reader role (AssumeRole's answer)",
        logicalId: 'NotifierFunction',
        event: readEvent('notifier/pipeline-failed-other-account.json'),
        extraState: {
          accounts: {
            '210987654321': {
              roles: [
                {
                  name: 'pipewright-reader',
                  secretAccessKey: SECRET.assumedSecretKey,
                  sessionToken: SECRET.assumedSessionToken,
                },
              ],
            },
          },
        },
        secrets: ['assumedSecretKey', 'assumedSessionToken'],
        // The spoke's reads are signed with the assumed credentials: the session token goes with them.
        allowedIn: (secret, request) =>
          secret === 'assumedSessionToken' &&
          String(request.headers.authorization).includes('Credential=ASIA210987654321ROLE/'),
      },
      ...[undefined, { operation: 'chat:SlackWebhook', error: 'invalid_token', status: 403 }].map(
        (fault) => ({
          name: `chat delivery to webhooks whose URLs carry the tokens${fault ? ', one refusing the post' : ''}`,
          logicalId: 'ChatDeliveryFunction',
          event: readEvent('chat-delivery/pipeline-failed.json'),
          extraState: {
            ssm: {
              parameters: [
                {
                  name: '/pipewright/dev/notifier/channels/incidents/webhook-url',
                  type: 'SecureString',
                  value: `{{endpoint}}/webhooks/slack/services/T0/B0/${SECRET.slackWebhookToken}`,
                },
                {
                  name: '/pipewright/dev/notifier/channels/ci/webhook-url',
                  type: 'SecureString',
                  value: `{{endpoint}}/webhooks/teams/workflows/0c5e/invoke?api-version=1&sig=${SECRET.teamsWebhookSignature}`,
                },
              ],
            },
            faults: fault ? [fault] : [],
          },
          secrets: ['slackWebhookToken', 'teamsWebhookSignature'] as SecretName[],
          // The post itself goes to the webhook's URL.
          allowedIn: (_secret: SecretName, request: { url: string }) => request.url.startsWith('/webhooks/'),
        }),
      ),
      {
        name: 'custom action job with a secret header property, a query token and artifact credentials',
        logicalId: 'JobWorkerFunction',
        event: readEvent('job-worker/http-check-started.json'),
        extraState: {
          codepipeline: {
            jobs: [
              {
                id: 'b7e1c2d3-0901-4e5f-8a9b-0c1d2e3f4a5b',
                category: 'Test',
                provider: 'Pipewright-dev-HttpCheck',
                version: '1',
                configuration: {
                  url: `${url}/health?token=${SECRET.queryToken}`,
                  headers: JSON.stringify({ 'X-Api-Key': SECRET.header }),
                  attempts: '1',
                },
                inputArtifacts: [{ name: 'BuildOutput', bucket: 'artifacts', key: 'build.zip' }],
                artifactCredentials: {
                  accessKeyId: 'ASIAPLANTEDJOBWORKER',
                  secretAccessKey: SECRET.artifactSecretKey,
                  sessionToken: SECRET.artifactSessionToken,
                },
              },
            ],
          },
        },
        secrets: ['header', 'queryToken', 'artifactSecretKey', 'artifactSessionToken'],
      },
      {
        name: 'CodeBuild build with PLAINTEXT environment values',
        logicalId: 'NotifierFunction',
        event: plainTextBuild(),
        secrets: ['plaintextEnv'],
      },
      {
        name: 'failed pipeline whose action failed with --flag value and --flag=value secrets',
        logicalId: 'NotifierFunction',
        event: readEvent('notifier/pipeline-failed.json'),
        stateText: [
          [
            'Deployment d-PWNTF0042 failed"',
            `./deploy.sh --db-password ${SECRET.flagValue} --api-token=${SECRET.flagEquals} failed"`,
          ],
          [
            'Deployment d-PWNTF0042 failed: 3 of 4',
            `./deploy.sh --db-password ${SECRET.flagValue} --api-token=${SECRET.flagEquals}: 3 of 4`,
          ],
        ],
        secrets: ['flagValue', 'flagEquals'],
      },
    ];

    const found = await mapLimit(cases, 3, async (planted) => {
      const base = planted.stateText
        ? JSON.parse(
            planted.stateText.reduce(
              (text, [from, to]) => text.replaceAll(from, to),
              JSON.stringify(loadState()),
            ),
          )
        : undefined;
      const endpoint = await openEndpoint({
        state: { ...base, ...planted.extraState },
        emptyBaseState: base !== undefined,
      });
      try {
        const run = await invokeBundle(planted.logicalId, planted.event, { endpoint });
        const places = placesOf(run, endpoint.requests);
        return planted.secrets.flatMap((secret) => {
          const value = SECRET[secret];
          const leaks = Object.entries(places)
            .filter(([place, text]) =>
              place === 'requests'
                ? (text as typeof endpoint.requests).some(
                    (request) =>
                      !planted.allowedIn?.(secret, request) &&
                      appears(`${request.url}\n${JSON.stringify(request.headers)}\n${request.body}`, value),
                  )
                : appears(text as string, value),
            )
            .map(
              ([place]) => `${secret} in ${place === 'requests' ? 'AWS requests' : place} (${planted.name})`,
            );
          return leaks;
        });
      } finally {
        await endpoint.close();
      }
    });
    await origin.close();
    const leaks = found.flat();
    const planted = new Set(cases.flatMap((c) => c.secrets)).size;
    recordFigure({ table: 'secrets', planted, places: PLACES, found: leaks });

    expect(leaks).toEqual([]);
  }, 180_000);
});
