import { buildFunction } from '../template/bundle';
import { GRANTED_WITHOUT_SDK_CALL, callsOf } from '../template/iam-calls';
import { actionMatches, grantedActions, missingPermissions } from '../template/iam-policy';
import { loadTemplate, serverlessFunctions } from '../template/project';
import { recordFigure } from './figures';

const template = loadTemplate();

describe.each(Object.keys(serverlessFunctions(template)))('the IAM actions of %s', (logicalId) => {
  it('grants every action the bundle calls with the function role, and nothing it never calls', async () => {
    const { required, callable } = callsOf(logicalId, await buildFunction(template, logicalId));
    const granted = grantedActions(template, logicalId);
    const allowance = GRANTED_WITHOUT_SDK_CALL[logicalId] ?? [];
    const unused = granted.filter(
      (action) => !allowance.includes(action) && !callable.some((called) => actionMatches(action, called)),
    );
    const missing = missingPermissions(template, logicalId, required);
    recordFigure({
      table: 'iam',
      fn: logicalId,
      used: required.length,
      granted: granted.length,
      unused,
      missing,
    });

    expect(missing).toEqual([]);
    expect(unused).toEqual([]);
  }, 60_000);
});
