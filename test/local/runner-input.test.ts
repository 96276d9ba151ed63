import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { UsageError, didYouMean, parseCli } from '../../local/cli-args';
import { loadState, mergeStates } from '../../local/endpoint/state';
import { readJsonFile } from '../../local/json-file';
import { EVENT_DIRS } from '../../local/demo';
import { loadExpectedOutcomes, outcomeLabel } from '../../local/outcome';
import { unsupportedNodeNotice } from '../../local/runtime/node-binary';
import { loadProject } from '../../local/template/project';
import { localInvokeSettings, parseParameterOverrides } from '../../local/template/samconfig';
import { sampleEvents } from '../support/samples';
import { projectRoot } from '../template/project';

const scratch = mkdtempSync(join(tmpdir(), 'pipewright-runner-'));
const file = (name: string, text: string) => {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
};

describe('the local runner command line', () => {
  it.each([
    [['invoke', 'NotifierFunction'], 'invoke needs --event <file>'],
    [['invok', 'NotifierFunction'], 'unknown command "invok" (did you mean invoke?)'],
    [[], 'no command given'],
    [['invoke', 'NotifierFunction', '--evnt', 'x.json'], 'unknown option --evnt (did you mean --event?)'],
    [['invoke', '--event', 'x.json'], 'invoke needs the LogicalId'],
    [['demo', 'extra'], 'demo takes no arguments'],
  ])('says why %j cannot run', (argv, reason) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(reason);
  });

  it('suggests only near names', () => {
    expect(didYouMean('NotifierFunctio', ['NotifierFunction', 'DeployHookFunction'])).toBe(
      ' (did you mean NotifierFunction?)',
    );
    expect(didYouMean('publish', ['invoke', 'build', 'demo'])).toBe('');
  });
});

describe('readJsonFile', () => {
  it('names the option and the file when the file is missing', () => {
    expect(() => readJsonFile(join(scratch, 'nope.json'), '--event')).toThrow(
      `--event ${join(scratch, 'nope.json')}: no such file`,
    );
  });

  it('names the file, line and column of invalid JSON', () => {
    const path = file('bad.json', '{\n  "a": 1,\n}');
    expect(() => readJsonFile(path, '--state')).toThrow(
      `--state ${path}: not valid JSON at line 3, column 1`,
    );
    expect(() => readJsonFile(file('empty.json', ''), '--event')).toThrow('the file is empty');
  });
});

describe('seeded state', () => {
  it('--state adds to and overrides the default seed: same-named items replaced, others kept', () => {
    const base = loadState();
    const path = file(
      'mine.json',
      JSON.stringify({ ssm: { parameters: [{ name: '/mine', value: 'x' }] }, cloudwatch: { alarms: [] } }),
    );
    const state = loadState([path]);
    expect(state.codedeploy?.deployments).toEqual(base.codedeploy?.deployments);
    expect(state.ssm?.parameters).toEqual([...(base.ssm?.parameters ?? []), { name: '/mine', value: 'x' }]);
  });

  it('keeps one item per name, the last one given, in the place of the first', () => {
    const item = fc.record({ name: fc.constantFrom('a', 'b', 'c', '__proto__'), value: fc.string() });
    const seed = fc.uniqueArray(item, { selector: (p) => p.name });
    fc.assert(
      fc.property(seed, fc.array(item), (first, second) => {
        const merged = mergeStates({ ssm: { parameters: first } }, { ssm: { parameters: second } });
        const all = [...first, ...second];
        const names = [...new Set(all.map((p) => p.name))];
        expect(merged.ssm?.parameters).toEqual(
          names.map((name) => all.filter((p) => p.name === name).at(-1)),
        );
        expect(Object.getPrototypeOf(merged)).toBeNull();
      }),
    );
  });
});

describe('parameter overrides (SAM CLI semantics)', () => {
  it('parses what it formats: Key=Value words, quoted values with spaces', () => {
    const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,10}$/);
    const value = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '/', '=', ',', '*') });
    fc.assert(
      fc.property(fc.dictionary(key, value), (pairs) => {
        const text = Object.entries(pairs)
          .map(([k, v]) => `${k}="${v}"`)
          .join(' ');
        expect({ ...parseParameterOverrides(text) }).toEqual(pairs);
      }),
    );
  });

  it('names a word that is not Key=Value', () => {
    expect(() => parseParameterOverrides('Stage=prod prod')).toThrow('"prod" is not Key=Value');
  });

  it('replaces samconfig parameter_overrides whole: unnamed parameters take the template default', () => {
    const project = loadProject({ rootDir: projectRoot, parameterOverrides: { Stage: 'prod' } });
    expect(project.spec('NotifierFunction').environment.PIPEWRIGHT_CONFIG_PATH).toBe('/pipewright/dev/');
    const prod = loadProject({ rootDir: projectRoot, configEnv: 'prod' });
    expect(prod.spec('NotifierFunction').environment.PIPEWRIGHT_CONFIG_PATH).toBe('/pipewright/prod/');
  });

  it("takes local_invoke's parameter_overrides instead of global's, not merged with it", () => {
    const path = file(
      'samconfig.toml',
      'version = 0.1\n[default.global.parameters]\nparameter_overrides = "A=1 B=2"\n[default.local_invoke.parameters]\nparameter_overrides = "A=3"\n',
    );
    expect({ ...localInvokeSettings(path).parameterOverrides }).toEqual({ A: '3' });
    expect(() => localInvokeSettings(path, 'staging')).toThrow('--config-env staging');
  });
});

describe('the demo outcomes', () => {
  it('declares an expected outcome for every sample event, and for nothing else', () => {
    const events = Object.keys(EVENT_DIRS).flatMap((dir) => sampleEvents(dir));
    expect([...loadExpectedOutcomes(projectRoot).keys()].sort()).toEqual(events.sort());
  });

  it('labels outcomes in the words events/expected-outcomes.json uses', () => {
    const call = (operation: string, detail: string, outcome = 'ok') =>
      ({ service: 'x', operation, input: '', outcome, status: 200, detail, injected: false }) as const;
    expect(outcomeLabel({ calls: [call('PutJobFailureResult', 'JobFailed: boom')] })).toBe(
      'PutJobFailureResult JobFailed',
    );
    expect(outcomeLabel({ calls: [call('PutJobSuccessResult', 'continues (continuation token)')] })).toBe(
      'PutJobSuccessResult continuation',
    );
    expect(outcomeLabel({ calls: [call('PutJobSuccessResult', 'x', 'InvalidJobStateException')] })).toBe(
      'already reported',
    );
    expect(outcomeLabel({ calls: [], result: { published: false, reason: 'quiet' } })).toBe('skipped quiet');
    expect(outcomeLabel({ calls: [], result: { hookStatus: 'SUCCEEDED' } })).toBe('returned SUCCEEDED');
    expect(outcomeLabel({ calls: [], error: { errorType: 'TypeError', errorMessage: 'x' } })).toBe(
      'threw TypeError',
    );
  });
});

describe('supported Node versions', () => {
  it('are 22 and 24 only', () => {
    expect(unsupportedNodeNotice('22.12.0')).toBeUndefined();
    expect(unsupportedNodeNotice('24.9.0')).toBeUndefined();
    expect(unsupportedNodeNotice('20.20.2')).toMatch(
      /^Node.js 20.20.2 is not supported: use Node.js 22 or 24/,
    );
  });
});
