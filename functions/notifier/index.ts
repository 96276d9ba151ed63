import { instrument } from '../lib/observability';
import { notify } from './notify';

/** NotifierFunction: EventBridge (CodePipeline, CodeBuild, CodeDeploy state changes) → SNS. */
export const handler = instrument(notify);
