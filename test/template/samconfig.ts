import path from 'node:path';
import { type Samconfig, readSamconfig } from '../../local/template/samconfig';
import { projectRoot } from './project';

export type { SamconfigValue } from '../../local/template/samconfig';

/** The project's samconfig.toml, read with the local runner's strict reader. */
export function samconfigEnvironments(file = path.join(projectRoot, 'samconfig.toml')): Samconfig {
  return readSamconfig(file);
}
