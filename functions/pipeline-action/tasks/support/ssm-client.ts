import { SSMClient } from '@aws-sdk/client-ssm';
import { lazyClient } from '../../../lib/clients';

/** The SSM client of the tasks (calendar, parameters, automation). */
export const ssm = lazyClient(SSMClient);
