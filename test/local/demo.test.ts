import { demo } from '../../local/demo';
import { loadProject } from '../../local/template/project';
import { projectRoot } from '../template/project';

describe('npm run demo', () => {
  it('replays sample events of every function with the outcomes events/expected-outcomes.json declares', async () => {
    const lines: string[] = [];
    const mismatches = await demo(loadProject({ rootDir: projectRoot, region: 'eu-west-1' }), {
      only: [
        'pipeline-action/alarm-gate-firing.json',
        'deploy-hook/lambda-failing-check.json',
        'notifier/pipeline-failed.json',
        'notifier/stage-failed.json',
      ],
      sampleApp: false, // port 8080 stays free: none of these checks the sample app
      print: (line) => lines.push(line),
    });
    const output = lines.join('\n');
    expect({ mismatches, summary: output.slice(output.indexOf('Summary')) }).toMatchObject({ mismatches: 0 });
    expect(output).toMatch(
      /✓ DeployHookFunction +lambda-failing-check\.json +PutLifecycleEventHookExecutionStatus Failed +1 of 1 check failed/,
    );
    expect(output).toContain('4 events replayed');
  }, 120_000);
});
