import { instrument } from '../lib/observability';
import { runHook } from './hook';

/** CodeDeploy lifecycle hook (BeforeAllowTraffic / AfterAllowTraffic …): see docs/deploy-hook.md. */
export const handler = instrument(runHook);
