import { outlineOf } from '../../../functions/chat-delivery/outline';
import { googleChat } from '../../../functions/chat-delivery/platforms/google-chat';
import { slack } from '../../../functions/chat-delivery/platforms/slack';
import { teams } from '../../../functions/chat-delivery/platforms/teams';
import type { Notification } from '../../../functions/notifier/model';
import { sampleNotification } from './fixtures';

/** A rendered body as JSON values, and as one text to look for words in. */
const render = (platform: typeof slack, n: Notification) => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a rendered body is walked as plain JSON
  const body = platform.render(outlineOf(n)) as Record<string, unknown> & { [key: string]: any };
  return { body, text: JSON.stringify(body) };
};

/** The failed pipeline with a failure message full of what chat formats would interpret. */
function hostile(): Notification {
  const n = sampleNotification('pipeline-failed');
  n.failures[0]!.summary =
    '<!channel> & <https://evil.example|click> *bold* _it_ [x](https://evil.example) </font><a href="x">';
  return n;
}

describe('Slack (incoming webhook, Block Kit)', () => {
  it('heads with the subject, quotes the failure’s error, and has a button per console link', () => {
    const { body } = render(slack, sampleNotification('pipeline-failed'));
    const [attachment] = body.attachments;
    const types = attachment.blocks.map((b: { type: string }) => b.type);

    expect(body.text).toBe('[FAILED] pipewright-prod: Deploy / DeployApiCanary');
    expect(types).toEqual(['header', 'section', 'section', 'section', 'context', 'section', 'actions']);
    expect(attachment.blocks[0].text.text).toBe('❌ [FAILED] pipewright-prod: Deploy / DeployApiCanary');
    expect(attachment.blocks[1].text.text).toBe(
      'Pipeline *pipewright-prod* FAILED after 12m 31s (execution `4f2c9a1e`)',
    );
    expect(attachment.blocks[2].text.text).toMatch(
      /^\*Failed:\* stage Deploy → action DeployApiCanary \(CodeDeploy\)\n>JobFailed: Deployment d-PWNTF0042 failed: .* <https:\/\/eu-west-1\.console\.aws\.amazon\.com\/codesuite\/codedeploy\/deployments\/d-PWNTF0042\?region=eu-west-1\|details>$/,
    );
    expect(attachment.blocks[3].text.text).toMatch(
      /^\*Change:\* <https:.*\|9f1c2ab> Raise API timeout to 10s$/,
    );
    expect(attachment.blocks[4].elements[1].text).toBe('*Previous run:* SUCCEEDED (execution 1e5f7a20)');
    expect(attachment.blocks[5].text.text).toMatch(/^\*Retry:\*\n```aws codepipeline retry-stage-execution /);
    expect(attachment.blocks[6].elements).toEqual([
      {
        type: 'button',
        text: { type: 'plain_text', text: 'Pipeline execution' },
        url: expect.stringMatching(
          /^https:\/\/eu-west-1\.console\.aws\.amazon\.com\/codesuite\/codepipeline\//,
        ),
      },
    ]);
  });

  it.each([
    ['pipeline-failed', '#d93025'],
    ['pipeline-stopped', '#f9ab00'],
    ['pipeline-recovered', '#1e8e3e'],
  ])('colours the bar of %s by its severity (%s)', (sample, color) => {
    expect(render(slack, sampleNotification(sample)).body.attachments[0].color).toBe(color);
  });

  it('escapes what would make a mention or a link out of a text from the event', () => {
    const { text } = render(slack, hostile());

    expect(text).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
    expect(text).not.toContain('<!channel>');
  });

  it('keeps Slack from parsing plain-text mentions and channel names in any text: every mrkdwn object is verbatim', () => {
    const n = hostile();
    n.failures[0]!.summary = 'paging @channel @here and #incidents';
    const { text } = render(slack, n);
    const objects = [...text.matchAll(/\{"type":"mrkdwn"[^}]*\}/g)].map(([m]) => JSON.parse(m) as object);

    expect(objects.length).toBeGreaterThan(3);
    for (const object of objects) expect(object).toMatchObject({ verbatim: true });
  });
});

describe('Microsoft Teams (Workflows webhook, Adaptive Card)', () => {
  it('posts a message with one Adaptive Card: the subject in the severity’s style, the failure, facts and a link', () => {
    const { body } = render(teams, sampleNotification('pipeline-failed'));
    const [attachment] = body.attachments;
    const card = attachment.content;

    expect(body.type).toBe('message');
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4', msteams: { width: 'Full' } });
    expect(card.body[0]).toMatchObject({ type: 'Container', style: 'attention' });
    expect(card.body[0].items[0].text).toBe('❌ [FAILED] pipewright-prod: Deploy / DeployApiCanary');
    expect(card.body[2].text).toMatch(
      /^\*\*Failed:\*\* stage Deploy → action DeployApiCanary \(CodeDeploy\) \[details\]\(https:/,
    );
    expect(card.body[3]).toMatchObject({ text: expect.stringMatching(/^JobFailed: /), color: 'attention' });
    expect(card.body).toContainEqual({
      type: 'FactSet',
      facts: [
        { title: 'Triggered by', value: expect.stringMatching(/^Webhook/) },
        { title: 'Previous run', value: 'SUCCEEDED (execution 1e5f7a20)' },
      ],
    });
    expect(card.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Pipeline execution', url: expect.any(String) },
    ]);
  });

  it('styles a recovery as good and says what had failed', () => {
    const card = render(teams, sampleNotification('pipeline-recovered')).body.attachments[0].content;

    expect(card.body[0].style).toBe('good');
    expect(JSON.stringify(card.body)).toMatch(
      /It had been failing for 2h 25m 31s \(2 failed runs, last 8a9b0c1d\)/,
    );
    expect(JSON.stringify(card.body)).toContain('**Had failed:** stage Deploy → action DeployApiCanary');
  });

  it('escapes bold, italic and the middle of a link in a text from the event', () => {
    const { text } = render(teams, hostile());

    expect(text).toContain('\\\\*bold\\\\* \\\\_it\\\\_ [x]\\\\(https://evil.example)');
  });
});

describe('Google Chat (space webhook, cardsV2)', () => {
  it('posts a card replying in one thread per pipeline execution', () => {
    const n = sampleNotification('pipeline-failed');
    const { body } = render(googleChat, n);
    const url = googleChat.postUrl!(
      new URL('https://chat.googleapis.com/v1/spaces/AAA/messages?key=k&token=t'),
      outlineOf(n),
    );

    expect(body.fallbackText).toBe('[FAILED] pipewright-prod: Deploy / DeployApiCanary');
    expect(body.thread).toEqual({
      threadKey: 'codepipeline-pipewright-prod-4f2c9a1e-7b3d-4c8e-9a12-5d6e7f809a1b',
    });
    expect(url.searchParams.get('messageReplyOption')).toBe('REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
    expect(url.searchParams.get('token')).toBe('t');
    const card = body.cardsV2[0].card;
    expect(card.header).toEqual({
      title: '❌ [FAILED] pipewright-prod: Deploy / DeployApiCanary',
      subtitle: '123456789012 · eu-west-1',
    });
    expect(card.sections[0].widgets[0].textParagraph.text).toMatch(
      /^<font color="#d93025">Pipeline <b>pipewright-prod<\/b> FAILED/,
    );
    expect(card.sections[1].widgets[0].decoratedText).toMatchObject({
      topLabel: 'Failed: stage Deploy → action DeployApiCanary (CodeDeploy)',
      text: expect.stringMatching(/^JobFailed: /),
      button: { text: 'Details', onClick: { openLink: { url: expect.stringMatching(/^https:/) } } },
    });
  });

  it('threads the events of other families by resource', () => {
    expect(render(googleChat, sampleNotification('codebuild-failed')).body.thread).toEqual({
      threadKey: 'codebuild-pipewright-nightly-tests',
    });
  });

  it('escapes HTML in a text from the event', () => {
    const { text } = render(googleChat, hostile());

    expect(text).toContain('&lt;/font&gt;&lt;a href=\\"x\\"&gt;');
    expect(text).not.toContain('</font><a');
  });
});

describe('every platform', () => {
  it.each([slack, teams, googleChat])(
    'leaves out a link that is not an http(s) URL ($name): a platform refuses the whole message for one',
    (platform) => {
      const n = sampleNotification('pipeline-failed');
      n.links.push({ label: 'Bad', url: 'javascript:alert(1)' });
      n.failures[0]!.url = 'not a url';

      const { text } = render(platform, n);

      expect(text).not.toContain('javascript:');
      expect(text).not.toContain('not a url');
    },
  );

  it.each([slack, teams, googleChat])('renders a CloudWatch alarm of the stack ($name)', (platform) => {
    const { text } = render(platform, sampleNotification('alarm-notifier-errors'));

    expect(text).toContain('[ALARM] pipewright-dev-NotifierErrorsAlarm-9K2LQ7XW3M1P');
    expect(text).toMatch(
      /CloudWatch alarm .{0,3}pipewright-dev-NotifierErrorsAlarm-9K2LQ7XW3M1P.{0,4} ALARM \(was .{0,3}OK.{0,4}\)/,
    );
    expect(text).toContain('Failed:');
    expect(text).toContain('metric Errors (AWS/Lambda)');
    expect(text).toContain('Threshold Crossed');
  });
});
