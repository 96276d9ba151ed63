import { GetParametersByPathCommand, type Parameter, SSMClient } from '@aws-sdk/client-ssm';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
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

  /** Answers GetParametersByPath with `pages` (10 per page at most), like Parameter Store; `endless`: NextToken never ends. */
  function pagedAnswers(pages: (n: number) => Parameter[] | undefined) {
    ssm.on(GetParametersByPathCommand).callsFake((input: { NextToken?: string }) => {
      const n = Number(input.NextToken ?? 0);
      const next = pages(n + 1) === undefined ? {} : { NextToken: String(n + 1) };
      return { Parameters: pages(n) ?? [], ...next };
    });
  }
  const blob = (n: number, bytes = 4096): Parameter => ({
    Name: `/checkout/prod/blob-${n}`,
    Type: 'String',
    Value: 'b'.repeat(bytes),
  });

  it('stops reading pages once the variables are over the limit, and says so', async () => {
    pagedAnswers((page) => Array.from({ length: 10 }, (_, i) => blob(page * 10 + i))); // endless
    await handler(loadEvent('load-parameters'), fakeContext());
    expect(ssm.commandCalls(GetParametersByPathCommand)).toHaveLength(3); // 30 × 4 KB > 120 KB
    expect(codepipeline.failure()[0]?.failureDetails?.message).toMatch(
      /^Task load-parameters: Parameters under \/checkout\/prod cannot be exported: output variables total 123080 bytes, over CodePipeline's limit of 122880 bytes \(largest: .*\) \(reading stopped after 30 parameters: more cannot make them fit\)$/,
    );
  });

  it('reports a ConfigurationError after 100 pages of parameters that never fill the limit', async () => {
    pagedAnswers((page) =>
      Array.from({ length: 10 }, (_, i) => ({
        Name: `/checkout/prod/secret-${page * 10 + i}`,
        Type: 'SecureString' as const,
        Value: 'AQICAHencrypted',
      })),
    );
    await handler(loadEvent('load-parameters'), fakeContext());
    expect(ssm.commandCalls(GetParametersByPathCommand)).toHaveLength(100);
    expect(codepipeline.failure()[0]?.failureDetails).toEqual({
      type: 'ConfigurationError',
      message:
        'Task load-parameters: More than 1000 parameters under /checkout/prod (100 pages of GetParametersByPath): choose a narrower path',
    });
  });

  it('decides as if every page were read, reading no page after the one that crosses the limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer({ min: 0, max: 8_192 }), { maxLength: 10 }), {
          minLength: 1,
          maxLength: 40,
        }),
        async (layout) => {
          codepipeline = mockCodePipeline();
          ssm.reset();
          let n = 0;
          const pages = layout.map((sizes) => sizes.map((bytes) => blob(n++, bytes)));
          pagedAnswers((page) => pages[page]);
          const sizeAfter = pages.map((_, i) =>
            pages
              .slice(0, i + 1)
              .flat()
              .reduce((sum, x) => sum + x.Name!.length - 15 + x.Value!.length, 0),
          );
          const crossing = sizeAfter.findIndex((size) => size > 122_880);

          await handler(loadEvent('load-parameters'), fakeContext());

          expect(ssm.commandCalls(GetParametersByPathCommand)).toHaveLength(
            crossing === -1 ? pages.length : crossing + 1,
          );
          const total = n === 0 ? 'none' : crossing === -1 ? 'success' : 'failure';
          if (total === 'success') expect(codepipeline.success()).toHaveLength(1);
          else expect(codepipeline.failure()).toHaveLength(1);
        },
      ),
      { numRuns: 100 },
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
