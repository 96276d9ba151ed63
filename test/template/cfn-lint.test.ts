import { spawnSync } from 'node:child_process';

// cfn-lint is a Python tool, not an npm dependency. Where it is installed (this project's machines
// ship it), the template and the examples must lint clean; elsewhere this suite is reported skipped.
const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
const describeIfInstalled = cfnLint.status === 0 ? describe : describe.skip;
const templates = [
  'template.yaml',
  'examples/app/template.yaml',
  'examples/ecs-service/template.yaml',
  'examples/pipeline/custom-actions.yaml',
  'examples/pipeline/pipeline.yaml',
  'templates/spoke.yaml',
];

describeIfInstalled(`cfn-lint (${cfnLint.stdout?.trim() || 'not installed'})`, () => {
  it(`reports no error or warning for ${templates.join(', ')}`, () => {
    const run = spawnSync('cfn-lint', templates, { encoding: 'utf8' });
    expect({ status: run.status, findings: `${run.stdout}${run.stderr}`.trim() }).toEqual({
      status: 0,
      findings: '',
    });
  });
});
