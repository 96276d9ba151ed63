import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../template/project';

/** A directory of the user's own files, outside the package: relative paths must resolve there. */
const userDir = mkdtempSync(join(tmpdir(), 'pipewright-cli-'));
writeFileSync(join(userDir, 'bad-state.json'), JSON.stringify({ ssm: { parameters: 'oops' } }));

/** Non-empty lines, without the notice a Node.js other than 22/24 adds (the tests run on 24). */
const lines = (text: string) =>
  text.split('\n').filter((line) => line.trim() !== '' && !/^Node\.js \S+ is not supported/.test(line));

/** Runs `npx tsx local/cli.ts …` in the package root, as a user of the repository may. */
function runner(...args: string[]) {
  const run = spawnSync('npx', ['tsx', 'local/cli.ts', ...args], {
    cwd: projectRoot,
    env: { ...process.env, AWS_ENDPOINT_URL: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: lines(run.stderr) };
}

/**
 * Runs `npm run local -- …` from the user's own directory (`npm --prefix <package>`): npm starts the
 * script in the package root and says in INIT_CWD where the user is.
 */
function npmRunLocal(...args: string[]) {
  const run = spawnSync('npm', ['--silent', '--prefix', projectRoot, 'run', 'local', '--', ...args], {
    cwd: userDir,
    env: { ...process.env, AWS_ENDPOINT_URL: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: lines(run.stderr) };
}

describe('npm run local (the runner as a user starts it)', () => {
  it('exits 2 with one line naming a missing event file', () => {
    expect(runner('invoke', 'NotifierFunction', '--event', 'events/notifier/nope.json')).toEqual({
      status: 2,
      stdout: '',
      stderr: [
        `Error: --event events/notifier/nope.json: no such file (looked for ${join(projectRoot, 'events', 'notifier', 'nope.json')})`,
      ],
    });
  });

  it('exits 2 with one line naming an invalid --state file and its wrong field, read where the user is', () => {
    const event = join(projectRoot, 'events', 'notifier', 'pipeline-failed.json');
    expect(npmRunLocal('invoke', 'NotifierFunction', '--event', event, '--state', 'bad-state.json')).toEqual({
      status: 2,
      stdout: '',
      stderr: ['Error: --state bad-state.json: ssm.parameters: expected a list, got "oops"'],
    });
  });

  it('exits 0 and says what a good invocation reported, once', () => {
    const run = runner('invoke', 'NotifierFunction', '--event', 'events/notifier/pipeline-failed.json');
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: [] });
    expect(run.stdout).toContain('Reported: Published: [FAILED] pipewright-prod: Deploy / DeployApiCanary');
    expect(run.stdout).not.toContain('\nResult:'); // the Publish said it all
  });
});
