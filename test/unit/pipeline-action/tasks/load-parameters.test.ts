import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../../functions/pipeline-action';
import { fakeContext, loadEvent, mockCodePipeline, withParameters } from '../support';

const prod = [
  { Name: '/checkout/prod/api-url', Type: 'String' as const, Value: 'https://checkout.example.com' },
  {
    Name: '/checkout/prod/db/host',
    Type: 'String' as const,
    Value: 'checkout-prod.cluster-abc123.eu-west-1.rds.amazonaws.com',
  },
  { Name: '/checkout/prod/feature-flags', Type: 'StringList' as const, Value: 'new-cart,fast-checkout' },
];

describe('load-parameters task', () => {
  let codepipeline: ReturnType<typeof mockCodePipeline>;
  let ssm: AwsClientStub<SSMClient>;
  beforeEach(() => {
    codepipeline = mockCodePipeline();
    ssm = mockClient(SSMClient);
  });

  it('exports every parameter under the path as an output variable, reading all pages without decryption', async () => {
    ssm
      .on(GetParametersByPathCommand, { NextToken: undefined })
      .resolves({ Parameters: prod.slice(0, 2), NextToken: 'page-2' })
      .on(GetParametersByPathCommand, { NextToken: 'page-2' })
      .resolves({ Parameters: prod.slice(2) });
    await handler(loadEvent('load-parameters'), fakeContext());
    expect(ssm).toHaveReceivedCommandWith(GetParametersByPathCommand, {
      Path: '/checkout/prod',
      Recursive: true,
      WithDecryption: false,
    });
    expect(codepipeline.success()[0]?.outputVariables).toEqual({
      'api-url': 'https://checkout.example.com',
      db_host: 'checkout-prod.cluster-abc123.eu-west-1.rds.amazonaws.com',
      'feature-flags': 'new-cart,fast-checkout',
    });
  });

  it.each(['constructor', 'toString', 'hasOwnProperty'])(
    'exports a parameter named %s like any other, without touching a prototype',
    async (name) => {
      ssm.on(GetParametersByPathCommand).resolves({
        Parameters: [{ Name: `/checkout/prod/${name}`, Type: 'String', Value: 'x' }, prod[0]!],
      });
      await handler(loadEvent('load-parameters'), fakeContext());
      const variables = codepipeline.success()[0]?.outputVariables;
      expect(variables && Object.entries(variables)).toEqual([
        [name, 'x'],
        ['api-url', 'https://checkout.example.com'],
      ]);
      expect(Object.hasOwn(Object.prototype, 'api-url')).toBe(false);
    },
  );

  it('never exports SecureString values and names them in the summary', async () => {
    ssm.on(GetParametersByPathCommand).resolves({
      Parameters: [
        { Name: '/checkout/staging/api-url', Type: 'String', Value: 'https://staging.checkout.example.com' },
        { Name: '/checkout/staging/db/password', Type: 'SecureString', Value: 'AQICAHencrypted' },
      ],
    });
    await handler(loadEvent('load-parameters-secure-string-skipped'), fakeContext());
    const [success] = codepipeline.success();
    expect(success?.outputVariables).toEqual({ 'api-url': 'https://staging.checkout.example.com' });
    expect(success?.executionDetails?.summary).toBe(
      'Loaded 1 parameter from /checkout/staging as output variables: api-url; skipped 1 SecureString (never exported): /checkout/staging/db/password',
    );
  });

  it('reports failure naming the size and the largest parameters when the total is over the limit', async () => {
    const big = (n: number) => ({
      Name: `/checkout/prod/blob-${n}`,
      Type: 'String' as const,
      Value: 'b'.repeat(4096),
    });
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: Array.from({ length: 31 }, (_, n) => big(n)) });
    await handler(loadEvent('load-parameters'), fakeContext());
    const message = codepipeline.failure()[0]?.failureDetails?.message;
    expect(message).toMatch(
      /^Task load-parameters: Parameters under \/checkout\/prod cannot be exported: output variables total 127183 bytes, over CodePipeline's limit of 122880 bytes \(largest: blob-10 \(4103 bytes\), blob-11/,
    );
  });

  it('reports a ConfigurationError when two parameters map to the same key', async () => {
    ssm.on(GetParametersByPathCommand).resolves({
      Parameters: [
        { Name: '/checkout/prod/db/host', Type: 'String', Value: 'a' },
        { Name: '/checkout/prod/cache/host', Type: 'String', Value: 'b' },
      ],
    });
    await handler(withParameters(loadEvent('load-parameters'), { namespaceKeys: 'last' }), fakeContext());
    expect(codepipeline.failure()[0]?.failureDetails).toEqual({
      type: 'ConfigurationError',
      message:
        'Task load-parameters: /checkout/prod/db/host and /checkout/prod/cache/host both become output variable "host"; use "namespaceKeys":"relative" or rename one',
    });
  });

  it('reports a ConfigurationError when the path holds no parameters', async () => {
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [] });
    await handler(loadEvent('load-parameters'), fakeContext());
    expect(codepipeline.failure()[0]?.failureDetails?.message).toMatch(
      /^Task load-parameters: No parameters under \/checkout\/prod/,
    );
  });
});
