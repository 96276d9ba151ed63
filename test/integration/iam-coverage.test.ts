import { join } from 'node:path';
import { EVENT_DIRS, mapLimit } from '../../local/demo';
import { readTemplate } from '../../local/template/cfn-yaml';
import { sampleEvents } from '../support/samples';
import { missingPermissions } from '../template/iam-policy';
import type { CfnTemplate } from '../template/project';
import { type Invocation, invokeBundle, readEvent } from './harness';

const rootDir = join(__dirname, '..', '..');
const template = readTemplate(join(rootDir, 'template.yaml')) as unknown as CfnTemplate;

/** The IAM action a recorded call needs (Lambda's Invoke API is the lambda:InvokeFunction action). */
function iamAction(call: Invocation['calls'][number]): string {
  const operation =
    call.service === 'lambda' && call.operation === 'Invoke' ? 'InvokeFunction' : call.operation;
  return `${call.service}:${operation}`.toLowerCase();
}

/** Services of the loopback endpoint that are no AWS service: the chat platforms' webhook stand-ins. */
const NOT_AWS = new Set(['chat']);

/** Calls made with credentials other than the function role (input artifacts use the job's artifactCredentials). */
const NOT_THE_ROLE = new Set(['s3:getobject']);

describe.each(Object.entries(EVENT_DIRS))('IAM coverage of events/%s', (dir, logicalId) => {
  it(`allows in template.yaml every AWS call ${logicalId} makes on its sample events`, async () => {
    const made = new Set<string>();
    const runs = await mapLimit(sampleEvents(dir), 4, (name) => invokeBundle(logicalId, readEvent(name)));
    runs
      .flatMap((run) => run.calls.filter((call) => !NOT_AWS.has(call.service)).map(iamAction))
      .forEach((action) => made.add(action));

    const notAllowed = missingPermissions(
      template,
      logicalId,
      [...made].filter((action) => !NOT_THE_ROLE.has(action)),
    );

    expect(made.size).toBeGreaterThan(0);
    expect(notAllowed).toEqual([]);
  }, 120_000);
});
