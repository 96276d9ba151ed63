import { mapLimit, sampleEventKeys } from '../demo';
import { loadState } from '../endpoint/state';
import { readJsonFile } from '../json-file';
import { runFunction } from '../run';
import type { Project } from '../template/project';
import { type Datapoint, emfDatapoints, eventTime } from './datapoints';

/** The folder of the multi-day delivery history (`events/history/`, seeded by `local/state/history.json`). */
const HISTORY_DIR = 'history';

/**
 * Replays the delivery history — every `events/history/*.json`, a week of pipeline executions in several
 * pipelines and accounts — through the notifier's bundle against the loopback endpoint seeded from
 * `local/state/*.json`, four at a time, and returns the datapoints of the EMF lines it printed, each at
 * its event's time.
 *
 * @example
 * ```ts
 * const datapoints = await replayHistory(loadProject());
 * ```
 */
export async function replayHistory(project: Project): Promise<Datapoint[]> {
  const state = loadState();
  const keys = sampleEventKeys(project.rootDir, HISTORY_DIR);
  const runs = await mapLimit(keys, 4, async (key) => {
    const event = readJsonFile(`${project.rootDir}/events/${key}`, 'history event');
    const outcome = await runFunction({
      project,
      logicalId: 'NotifierFunction',
      event,
      state: structuredClone(state),
    });
    return emfDatapoints(outcome.logs, eventTime(event));
  });
  return runs.flat();
}
