import { invokeBundle, readEvent } from './harness';

const FN = 'NotifierFunction';
const SPOKE = '210987654321';
const ASSUMED_KEY = `ASIA${SPOKE}ROLE`;
const otherAccount = () => readEvent('notifier/pipeline-failed-other-account.json');
/** The email text of the one message published. */
const text = (run: Awaited<ReturnType<typeof invokeBundle>>) =>
  (JSON.parse(run.published[0]!.message) as { default: string }).default;

describe('NotifierFunction bundle as a hub (loopback endpoint: STS and a spoke account, real SDK wire)', () => {
  it("signs every read of another account with its reader role's credentials, in the event's region", async () => {
    const run = await invokeBundle(FN, otherAccount());

    expect(run.error).toBeUndefined();
    const assume = run.calls.filter((c) => c.operation === 'AssumeRole');
    expect(assume.map((c) => `${c.outcome} ${c.input}`)).toEqual([
      `ok {RoleArn: "arn:aws:iam::${SPOKE}:role/pipewright-reader", RoleSessionName: "${FN}"}`,
    ]);
    const reads = run.calls.filter((c) => c.service === 'codepipeline');
    expect(reads.map((c) => `${c.operation} ${c.outcome} ${c.accessKeyId} ${c.region}`)).toEqual([
      `ListPipelineExecutions ok ${ASSUMED_KEY} us-east-1`,
      `ListActionExecutions ok ${ASSUMED_KEY} us-east-1`,
      `GetPipelineExecution ok ${ASSUMED_KEY} us-east-1`,
    ]);
    expect(text(run)).toContain('Provisioned throughput exceeds the account limit');
  });

  it('passes the external id the spoke requires (PIPEWRIGHT_READER_EXTERNAL_ID)', async () => {
    const state = {
      accounts: { [SPOKE]: { roles: [{ name: 'pipewright-reader', externalId: 'pw-7f3a' }] } },
    };

    const without = await invokeBundle(FN, otherAccount(), { state });
    const withId = await invokeBundle(FN, otherAccount(), {
      state,
      env: { PIPEWRIGHT_READER_EXTERNAL_ID: 'pw-7f3a' },
    });

    expect(text(without)).toContain('Not enriched: could not assume');
    expect(text(withId)).not.toContain('Not enriched');
    expect(withId.calls.filter((c) => c.accessKeyId === ASSUMED_KEY)).toHaveLength(3);
  });

  it('assumes the role named by PIPEWRIGHT_READER_ROLE_NAME (the ReaderRoleName parameter)', async () => {
    const run = await invokeBundle(FN, otherAccount(), {
      state: { accounts: { [SPOKE]: { roles: [{ name: 'ci-observer' }] } } },
      env: { PIPEWRIGHT_READER_ROLE_NAME: 'ci-observer' },
    });

    expect(run.calls.find((c) => c.operation === 'AssumeRole')?.outcome).toBe('ok');
    expect(text(run)).not.toContain('Not enriched');
  });

  it('publishes unenriched, with the reason in one line, and never reads the account with its own role', async () => {
    const run = await invokeBundle(FN, readEvent('notifier/pipeline-failed-unreadable-account.json'));

    expect(run.error).toBeUndefined();
    expect(run.calls.map((c) => `${c.service}:${c.operation} ${c.outcome}`)).toEqual([
      'ssm:GetParametersByPath ok',
      'sts:AssumeRole AccessDenied',
      'sns:Publish ok',
    ]);
    expect(text(run).split('\n')[2]).toMatch(
      /^Not enriched: could not assume arn:aws:iam::345678901234:role\/pipewright-reader \(AccessDenied: .+\)$/,
    );
  });
});
