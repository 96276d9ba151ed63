import { GetCalendarStateCommand, SSMClient } from '@aws-sdk/client-ssm';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../../functions/pipeline-action';
import { awsError } from '../../../support/aws-error';
import { fakeContext, loadEvent, mockCodePipeline, withParameters } from '../support';

describe('change-calendar-gate task', () => {
  let codepipeline: ReturnType<typeof mockCodePipeline>;
  let ssm: AwsClientStub<SSMClient>;
  beforeEach(() => {
    codepipeline = mockCodePipeline();
    ssm = mockClient(SSMClient);
    ssm
      .on(GetCalendarStateCommand, { CalendarNames: ['checkout-change-window'] })
      .resolves({ State: 'OPEN', NextTransitionTime: '2026-12-18T18:00:00Z' })
      .on(GetCalendarStateCommand, { CalendarNames: ['checkout-prod-freeze'] })
      .resolves({ State: 'CLOSED', NextTransitionTime: '2027-01-04T08:00:00Z' });
  });

  it('reports success with CalendarState when the calendar is OPEN', async () => {
    await handler(loadEvent('change-calendar-gate'), fakeContext());
    expect(codepipeline.success()[0]).toMatchObject({
      executionDetails: { summary: 'Change calendar checkout-change-window OPEN' },
      outputVariables: { CalendarState: 'OPEN' },
    });
  });

  it('reports failure naming the closed calendar and when it opens', async () => {
    await handler(loadEvent('change-calendar-gate-closed'), fakeContext());
    expect(codepipeline.failure()[0]?.failureDetails).toEqual({
      type: 'JobFailed',
      message:
        'Task change-calendar-gate: Change calendar closed: checkout-prod-freeze is CLOSED until 2027-01-04T08:00:00Z. Deploy when it opens, or retry the stage.',
    });
  });

  it('waits through a continuation token when waitMinutes is set and the calendar is closed', async () => {
    const event = withParameters(loadEvent('change-calendar-gate-closed'), { waitMinutes: 60 });
    const before = Date.now();
    await handler(event, fakeContext(20_000));
    const [progress] = codepipeline.success();
    const token = JSON.parse(progress?.continuationToken ?? '{}');
    expect(token).toMatchObject({ v: 1, task: 'change-calendar-gate' });
    expect(token.state.waitUntil).toBeGreaterThanOrEqual(before + 60 * 60_000);
    expect(progress?.executionDetails?.summary).toMatch(
      /^Waiting for the change calendar to open \(checkout-prod-freeze is CLOSED/,
    );
  });

  it('succeeds when a waited-for calendar has opened on resume', async () => {
    await handler(loadEvent('change-calendar-gate-continuation-resume'), fakeContext());
    expect(codepipeline.success()[0]?.outputVariables).toEqual({ CalendarState: 'OPEN' });
  });

  it('fails once the wait is over and the calendar is still closed', async () => {
    const event = withParameters(loadEvent('change-calendar-gate-continuation-resume'), {
      calendar: 'checkout-prod-freeze',
    });
    event['CodePipeline.job'].data.continuationToken = JSON.stringify({
      v: 1,
      task: 'change-calendar-gate',
      state: { waitUntil: Date.now() - 1 },
    });
    await handler(event, fakeContext());
    expect(codepipeline.failure()[0]?.failureDetails?.message).toContain(
      'Change calendar closed after waiting 60 min',
    );
  });

  it('reports a ConfigurationError when the calendar does not exist', async () => {
    ssm
      .on(GetCalendarStateCommand)
      .rejects(awsError('InvalidDocument', 'Calendar checkout-chnge-window does not exist.'));
    await handler(
      withParameters(loadEvent('change-calendar-gate'), { calendar: 'checkout-chnge-window' }),
      fakeContext(),
    );
    expect(codepipeline.failure()[0]?.failureDetails).toEqual({
      type: 'ConfigurationError',
      message:
        'Task change-calendar-gate: Change calendar "checkout-chnge-window" does not exist (InvalidDocument: Calendar checkout-chnge-window does not exist.)',
    });
  });

  it('rejects parameters that set both calendar and calendars', async () => {
    await handler(withParameters(loadEvent('change-calendar-gate'), { calendars: ['a'] }), fakeContext());
    expect(codepipeline.failure()[0]?.failureDetails?.message).toContain('set exactly one of "calendar"');
    expect(ssm.calls()).toHaveLength(0);
  });
});
