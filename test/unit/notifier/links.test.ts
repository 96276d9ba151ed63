import { regionPartition, withConsoleRegion } from '../../../functions/notifier/links';
import { renderChat } from '../../../functions/notifier/render/chat';
import { findSource } from '../../../functions/notifier/sources';
import { sampleEvent } from './fixtures';

/** A sample event's notification, as if it came from another region. */
function parsedIn(name: string, region: string) {
  const event = { ...sampleEvent(name), region };
  return findSource(event)!.parse(event);
}

describe('notifier links', () => {
  it.each([
    ['eu-west-1', 'aws', 'eu-west-1.console.aws.amazon.com'],
    ['cn-north-1', 'aws-cn', 'console.amazonaws.cn'],
    ['cn-northwest-1', 'aws-cn', 'console.amazonaws.cn'],
    ['us-gov-west-1', 'aws-us-gov', 'console.amazonaws-us-gov.com'],
    ['us-east-1', 'aws', 'us-east-1.console.aws.amazon.com'],
  ])('places %s in partition %s with console %s', (region, partition, consoleHost) => {
    expect(regionPartition(region)).toEqual({ partition, consoleHost });
  });

  it.each([
    ['pipeline-failed', 'cn-north-1', 'https://console.amazonaws.cn/', 'arn:aws-cn:codepipeline:cn-north-1:'],
    [
      'codebuild-failed',
      'us-gov-west-1',
      'https://console.amazonaws-us-gov.com/',
      'arn:aws-us-gov:codebuild:us-gov-west-1:',
    ],
    [
      'codedeploy-failed',
      'eu-west-1',
      'https://eu-west-1.console.aws.amazon.com/',
      'arn:aws:codedeploy:eu-west-1:',
    ],
  ])('links a %s event of %s to its own console and partition', (name, region, console, arn) => {
    const n = parsedIn(name, region);

    const chat = renderChat(n, { threadPerExecution: true });

    expect(n.links[0]!.url).toMatch(new RegExp(`^${console.replace(/\./g, '\\.')}.*region=${region}`));
    expect(chat.metadata.relatedResources).toEqual([expect.stringMatching(new RegExp(`^${arn}`))]);
  });
});

describe('withConsoleRegion', () => {
  it.each([
    [
      'a CodeBuild link without a region',
      'https://console.aws.amazon.com/codebuild/home#/builds/b:1/view/new',
      'https://console.aws.amazon.com/codebuild/home?region=eu-west-1#/builds/b:1/view/new',
    ],
    [
      'a CloudFormation link with an empty query',
      'https://console.aws.amazon.com/cloudformation/home?#/stacks/x',
      'https://console.aws.amazon.com/cloudformation/home?region=eu-west-1#/stacks/x',
    ],
    [
      'a regional console link with other parameters',
      'https://eu-west-1.console.aws.amazon.com/lambda/home?tab=code',
      'https://eu-west-1.console.aws.amazon.com/lambda/home?tab=code&region=eu-west-1',
    ],
  ])('adds the event region to %s', (_what, url, expected) => {
    expect(withConsoleRegion(url, 'eu-west-1')).toBe(expected);
  });

  it.each([
    [
      'a console link that names its region',
      'https://console.aws.amazon.com/codebuild/home?region=us-east-1#/x',
    ],
    ['a link outside the console', 'https://github.com/example/repo/actions/runs/1'],
    ['a look-alike host', 'https://console.aws.amazon.com.example.net/x'],
  ])('keeps %s as it is', (_what, url) => {
    expect(withConsoleRegion(url, 'eu-west-1')).toBe(url);
  });
});
