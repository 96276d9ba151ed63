import fc from 'fast-check';
import { checkHookEvent, hookIdsOf, unreportableIds } from '../../../functions/deploy-hook/event';
import { ConfigurationError, UnsupportedEventError } from '../../../functions/lib/errors';
import { idStrings } from './arbitraries';
import { hookEvent } from './fixtures';

describe('hookIdsOf', () => {
  it('returns the ids of the sample event', () => {
    expect(hookIdsOf(hookEvent('lambda-success'))).toEqual({
      deploymentId: 'd-7KQ2M4XAB',
      lifecycleEventHookExecutionId: hookEvent('lambda-success').LifecycleEventHookExecutionId,
    });
  });

  it('returns both ids byte for byte, never trimmed or normalised', () => {
    fc.assert(
      fc.property(
        idStrings,
        idStrings,
        fc.dictionary(fc.string(), fc.jsonValue()),
        (deploymentId, hookId, extra) => {
          const ids = hookIdsOf({
            ...extra,
            DeploymentId: deploymentId,
            LifecycleEventHookExecutionId: hookId,
          });
          expect(ids).toEqual({ deploymentId, lifecycleEventHookExecutionId: hookId });
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it.each([
    [{ DeploymentId: 'd-1' }, 'LifecycleEventHookExecutionId'],
    [{ LifecycleEventHookExecutionId: 'h' }, 'DeploymentId'],
    [{ DeploymentId: '', LifecycleEventHookExecutionId: 'h' }, 'DeploymentId'],
    [{ DeploymentId: 'd-1', LifecycleEventHookExecutionId: 42 }, 'LifecycleEventHookExecutionId'],
    [null, 'expected {DeploymentId, LifecycleEventHookExecutionId}'],
    [['d-1', 'h'], 'expected {DeploymentId, LifecycleEventHookExecutionId}'],
  ])('refuses %p as unsupported, naming %s', (event, named) => {
    expect(() => hookIdsOf(event)).toThrow(UnsupportedEventError);
    expect(() => hookIdsOf(event)).toThrow(named);
  });
});

describe('checkHookEvent', () => {
  const ids = { deploymentId: 'd-7KQ2M4XAB', lifecycleEventHookExecutionId: 'h-1' };

  it('accepts the sample events', () => {
    for (const name of ['lambda-success', 'lambda-failing-check', 'unknown-deployment', 'ecs-success']) {
      const event = hookEvent(name);
      expect(() => checkHookEvent(event, hookIdsOf(event))).not.toThrow();
    }
  });

  it('rejects an event above 256 KB, saying how big it is and what a hook event is', () => {
    const event = {
      DeploymentId: ids.deploymentId,
      LifecycleEventHookExecutionId: 'h-1',
      pad: 'x'.repeat(262_144),
    };
    expect(() => checkHookEvent(event, ids)).toThrow(ConfigurationError);
    expect(() => checkHookEvent(event, ids)).toThrow(
      /^The hook event is 2\d{5} bytes of JSON; a CodeDeploy lifecycle hook event \(\{DeploymentId, LifecycleEventHookExecutionId\}\) is at most 262144 bytes \(256 KiB\)/,
    );
  });

  it('rejects ids of absurd length, naming the field and its length', () => {
    const long = { ...ids, lifecycleEventHookExecutionId: 'x'.repeat(8_193) };
    expect(() => checkHookEvent({}, long)).toThrow(
      "The hook event's ids are not CodeDeploy ids: LifecycleEventHookExecutionId is 8193 characters long; CodeDeploy ids are at most 8192 here",
    );
  });

  it('rejects what is not JSON (Lambda could not have delivered it)', () => {
    const cyclic: Record<string, unknown> = { ...ids };
    cyclic.self = cyclic;
    expect(() => checkHookEvent(cyclic, ids)).toThrow(/^The hook event is not JSON/);
  });
});

describe('unreportableIds', () => {
  it('accepts ids up to 8192 characters and names every longer one', () => {
    fc.assert(
      fc.property(fc.nat({ max: 20_000 }), fc.nat({ max: 20_000 }), (a, b) => {
        const problem = unreportableIds({
          deploymentId: 'd'.repeat(a),
          lifecycleEventHookExecutionId: 'h'.repeat(b),
        });
        expect(problem === undefined).toBe(a <= 8_192 && b <= 8_192);
        if (a > 8_192) expect(problem).toContain(`DeploymentId is ${a} characters long`);
        if (b > 8_192) expect(problem).toContain(`LifecycleEventHookExecutionId is ${b} characters long`);
      }),
    );
  });
});
