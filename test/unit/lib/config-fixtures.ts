import { SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { clearConfigCache } from '../../../functions/lib/config';

/** The SSM client configuration is read with, mocked. */
export const ssm = mockClient(SSMClient);

/**
 * Registers hooks in the calling test file: before each test the SSM mock is reset, the configuration
 * cache emptied and `PIPEWRIGHT_CONFIG_PATH` set to `/pipewright/test/`; after each, every Jest mock is
 * restored and the path is what it was.
 *
 * @example
 * ```ts
 * freshConfigPerTest(); // at the top level of a test file
 * ```
 */
export function freshConfigPerTest(): void {
  const savedPath = process.env.PIPEWRIGHT_CONFIG_PATH;
  beforeEach(() => {
    ssm.reset();
    clearConfigCache();
    process.env.PIPEWRIGHT_CONFIG_PATH = '/pipewright/test/';
  });
  afterEach(() => {
    jest.restoreAllMocks();
    if (savedPath === undefined) delete process.env.PIPEWRIGHT_CONFIG_PATH;
    else process.env.PIPEWRIGHT_CONFIG_PATH = savedPath;
  });
}
