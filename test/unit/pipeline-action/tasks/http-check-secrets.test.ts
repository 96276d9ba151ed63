import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { httpCheck } from '../../../../functions/deploy-hook/checks/http';
import type { DeploymentTarget } from '../../../../functions/deploy-hook/deployment';
import { describeError } from '../../../../functions/lib/errors';
import { logger } from '../../../../functions/lib/observability';
import { handler } from '../../../../functions/pipeline-action';
import { type LoopbackServer, startLoopbackServer } from '../../../support/loopback-server';
import { fakeContext, loadEvent, mockCodePipeline, withParameters } from '../support';
import { s3Body } from '../../../support/s3-body';

/** A planted secret: long and distinctive, so it cannot turn up in a message by chance. */
const secret = fc
  .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 10, maxLength: 20 })
  .map((s) => `sekrit${s}`);

/** Where the server is and how it answers: each kind of answer a probe describes. */
const answer = fc.constantFrom('ok', 'unavailable', 'redirect-away', 'refused');

/** A URL carrying the secret where tokens travel: query, fragment, or credentials. */
function plantedUrl(base: string, where: string, s: string): string {
  if (where === 'query') return `${base}?token=${s}&x=1`;
  if (where === 'fragment') return `${base}#${s}`;
  if (where === 'password') return base.replace('http://', `http://ci:${s}@`);
  return base.replace('http://', `http://${s}@`);
}

/** Header values (valid, with CR/LF, beyond U+00FF) and names carrying the secret. */
function plantedHeaders(how: string, s: string): Record<string, string> {
  if (how === 'value') return { 'X-Api-Key': s };
  if (how === 'crlf') return { 'X-Api-Key': `${s}\r\nX-Injected: 1` };
  if (how === 'wide') return { Authorization: `Bearer ${s}€` };
  return { [`X-${s}: 1`]: 'v' };
}

/** Artifact contents the URL is read from, each wrong in its own way and holding the secret. */
function plantedArtifact(kind: string, s: string, url: string): Record<string, unknown> | string {
  if (kind === 'text') return `not a url ${s}`;
  if (kind === 'not-json') return `{"ApiUrl": "${s}"`;
  if (kind === 'credentials') return { ApiUrl: url.replace('http://', `http://deploy:${s}@`) };
  if (kind === 'wrong-type') return { ApiUrl: { value: s } };
  if (kind === 'other-key') return { Other: s };
  return { ApiUrl: `${url}?sig=${s}` };
}

describe('http checks never echo a secret of the request or the artifact', () => {
  let server: LoopbackServer;
  let away: LoopbackServer;
  let refusedUrl: string;
  const lines: string[] = [];

  beforeAll(async () => {
    away = await startLoopbackServer((_q, res) => res.writeHead(200).end('{"status":"ok"}'));
    server = await startLoopbackServer((req, res) => {
      const path = req.url?.split('?')[0];
      if (path === '/unavailable') return res.writeHead(503).end('warming up');
      if (path === '/redirect-away') {
        return res
          .writeHead(302, { location: `${away.url('/health')}?token=${req.headers['x-echo']}` })
          .end();
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    });
    const closed = await startLoopbackServer(() => undefined);
    refusedUrl = closed.url('/refused');
    await closed.close();
  });
  afterAll(() => Promise.all([server.close(), away.close()]));
  beforeEach(() => {
    lines.length = 0;
    // WARN and ERROR lines (a reported failure) go to stderr, the others to stdout.
    for (const stream of [process.stdout, process.stderr]) {
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
    }
    logger.setLogLevel('DEBUG');
  });
  afterEach(() => logger.setLogLevel('SILENT'));

  const urlOf = (kind: string) => (kind === 'refused' ? refusedUrl : server.url(`/${kind}`));

  it('keeps URL and header secrets out of CodePipeline results and logs of the http-check task (generated)', async () => {
    await fc.assert(
      fc.asyncProperty(
        secret,
        answer,
        fc.constantFrom('query', 'fragment', 'password', 'username', 'none'),
        fc.constantFrom('value', 'crlf', 'wide', 'name', 'none'),
        async (s, kind, inUrl, inHeader) => {
          const codepipeline = mockCodePipeline();
          lines.length = 0;
          const url = inUrl === 'none' ? urlOf(kind) : plantedUrl(urlOf(kind), inUrl, s);
          const headers = inHeader === 'none' ? { 'X-Echo': s } : plantedHeaders(inHeader, s);
          const event = withParameters(loadEvent('http-check'), { url, headers, attempts: 1 });
          await handler(event, fakeContext());
          const reported = JSON.stringify(codepipeline.mock.calls().map((call) => call.args[0].input));
          expect(reported).toMatch(/failureDetails|executionDetails/);
          expect(reported).not.toContain(s);
          expect(lines.join('')).toContain('"message":"Reported');
          expect(lines.join('')).not.toContain(s);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('names the artifact, file and key instead of quoting the artifact (generated)', async () => {
    const s3 = mockClient(S3Client);
    await fc.assert(
      fc.asyncProperty(
        secret,
        fc.constantFrom('text', 'not-json', 'credentials', 'wrong-type', 'other-key', 'query'),
        async (s, kind) => {
          const codepipeline = mockCodePipeline();
          lines.length = 0;
          const content = plantedArtifact(kind, s, server.url('/health'));
          const text = typeof content === 'string' ? content : JSON.stringify(content);
          const zip = zipSync({ 'outputs.json': strToU8(text) });
          s3.on(GetObjectCommand).resolves({
            ContentLength: zip.byteLength,
            Body: s3Body(zip),
          } as never);
          const event = loadEvent('http-check-url-from-artifact');
          await handler(
            kind === 'text'
              ? withParameters(event, { urlFrom: { artifact: 'BuildOutput', file: 'outputs.json' } })
              : event,
            fakeContext(),
          );
          const reported = JSON.stringify(codepipeline.mock.calls().map((call) => call.args[0].input));
          if (kind !== 'query')
            expect(reported).toContain('Input artifact \\"BuildOutput\\" file \\"outputs.json\\"');
          expect(reported).not.toContain(s);
          expect(lines.join('')).not.toContain(s);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps URL and header secrets out of the deploy hook http check outcome (generated)', async () => {
    await fc.assert(
      fc.asyncProperty(
        secret,
        answer,
        fc.constantFrom('query', 'fragment', 'password', 'none'),
        fc.constantFrom('value', 'crlf', 'wide', 'name', 'none'),
        async (s, kind, inUrl, inHeader) => {
          const url = inUrl === 'none' ? urlOf(kind) : plantedUrl(urlOf(kind), inUrl, s);
          const headers = inHeader === 'none' ? { 'X-Echo': s } : plantedHeaders(inHeader, s);
          const parsed = httpCheck.options.safeParse({ url, headers, attempts: 1 });
          const said = parsed.success
            ? await httpCheck.run(parsed.data, {} as DeploymentTarget).then((o) => o.detail, describeError)
            : JSON.stringify(parsed.error.issues);
          expect(said).not.toContain(s);
        },
      ),
      { numRuns: 150 },
    );
  });
});
