import { regionPartition } from '../../../functions/notifier/links';
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
