import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { Zip, ZipDeflate, strToU8, zipSync } from 'fflate';
import { ConfigurationError } from '../../../functions/lib/errors';
import { artifactReader } from '../../../functions/pipeline-action/job/artifacts';
import { parseJob } from '../../../functions/pipeline-action/job/event';
import { extractEntry } from '../../../functions/pipeline-action/job/zip-entry';
import { handler } from '../../../functions/pipeline-action';
import { awsError } from '../../support/aws-error';
import { fakeContext, loadEvent, mockCodePipeline } from './support';
import { endlessBody, s3Body } from '../../support/s3-body';

const zip = zipSync({
  'outputs.json': strToU8('{"ApiUrl":"https://checkout.example.com/health"}'),
  'template.yaml': strToU8('Resources: {}'),
});

/** A zip written as a stream: its entry declares no size, so only the inflated byte count can stop it. */
function streamedZip(name: string, chunks: number, chunk: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  const archive = new Zip((error, data) => {
    if (error) throw error;
    parts.push(data);
  });
  const entry = new ZipDeflate(name, { level: 1 });
  archive.add(entry);
  for (let i = 0; i < chunks; i++) entry.push(chunk, i === chunks - 1);
  archive.end();
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

const label = (maxBytes: number) => ({ what: 'Input artifact "BuildOutput"', file: 'data.bin', maxBytes });

describe('input artifact reader', () => {
  let s3: AwsClientStub<S3Client>;
  const job = parseJob(loadEvent('http-check-url-from-artifact')['CodePipeline.job']);
  const { bucketName, objectKey } = job.data.inputArtifacts[0]!.location.s3Location;
  const answerWith = (body: Uint8Array) =>
    s3.on(GetObjectCommand).resolves({
      ContentLength: body.byteLength,
      Body: s3Body(body),
    } as never);
  beforeEach(() => {
    s3 = mockClient(S3Client);
    answerWith(zip);
  });

  it('extracts one file from the artifact zip using the job artifact credentials', async () => {
    const file = await artifactReader(job)('BuildOutput', 'outputs.json');
    expect(new TextDecoder().decode(file)).toBe('{"ApiUrl":"https://checkout.example.com/health"}');
    const credentials = await (s3.call(0).thisValue as S3Client).config.credentials();
    expect(credentials).toMatchObject({
      accessKeyId: 'ASIAFAKEEXAMPLEKEY00',
      sessionToken: 'FAKE-SESSION-TOKEN-for-local-examples-only',
    });
  });

  it('names the input artifacts when the artifact is not an input of the action', async () => {
    await expect(artifactReader(job)('SourceOutput', 'outputs.json')).rejects.toThrow(
      'Input artifact "SourceOutput" is not an input of this action (input artifacts: BuildOutput)',
    );
    expect(s3.calls()).toHaveLength(0);
  });

  it('lists zip entries when the file is not in the artifact', async () => {
    await expect(artifactReader(job)('BuildOutput', 'stack-outputs.json')).rejects.toThrow(
      'Input artifact "BuildOutput" has no file "stack-outputs.json" (entries: outputs.json, template.yaml)',
    );
  });

  it('refuses an artifact zip larger than the cap', async () => {
    await expect(artifactReader(job, { zipBytes: 100 })('BuildOutput', 'outputs.json')).rejects.toThrow(
      /larger than 100 bytes/,
    );
  });

  it('stops reading at the cap when ContentLength understates the object, and says the cap', async () => {
    const body = endlessBody(200 * 1024 * 1024); // 200 MiB behind a ContentLength of 1 KiB
    s3.on(GetObjectCommand).resolves({ ContentLength: 1024, Body: body } as never);

    const error = await artifactReader(job, { zipBytes: 1024 * 1024 })('BuildOutput', 'outputs.json').catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      `Input artifact "BuildOutput" (s3://${bucketName}/${objectKey}) is larger than 1048576 bytes; this task reads artifacts of up to 1 MiB`,
    );
    expect(body.pulled()).toBeLessThanOrEqual(1024 * 1024 + 2 * 65_536);
    expect(body.destroyed).toBe(true);
  });

  it('reads exactly the object whatever ContentLength says, when it fits the cap', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 6_000 }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 1, max: 3_000 }),
        async (declared, cap, chunk) => {
          const object = streamedZip('outputs.json', 1, strToU8('{"ApiUrl":"https://a.example/"}'));
          s3.on(GetObjectCommand).resolves({
            ContentLength: declared,
            Body: s3Body(object, chunk),
          } as never);
          const read = artifactReader(job, { zipBytes: cap })('BuildOutput', 'outputs.json');
          if (object.byteLength <= cap && declared <= cap) {
            expect(new TextDecoder().decode(await read)).toBe('{"ApiUrl":"https://a.example/"}');
          } else {
            await expect(read).rejects.toThrow(/is larger than \d+ bytes/);
          }
        },
      ),
      { numRuns: 100 }, // a new S3 client per run
    );
  });

  it('closes the body of an object whose ContentLength is over the cap without reading it', async () => {
    const body = endlessBody(10 * 1024 * 1024);
    s3.on(GetObjectCommand).resolves({ ContentLength: 10 * 1024 * 1024, Body: body } as never);
    await expect(artifactReader(job, { zipBytes: 1024 })('BuildOutput', 'outputs.json')).rejects.toThrow(
      /is larger than 1024 bytes; this task reads artifacts of up to 1 KiB/,
    );
    expect(body.pulled()).toBe(0);
    expect(body.destroyed).toBe(true);
  });

  it.each([
    ['NoSuchKey', 404, /does not exist \(NoSuchKey\): run the stage that produces this artifact again/],
    ['NoSuchBucket', 404, /does not exist \(NoSuchBucket\)/],
    ['AccessDenied', 403, /could not be read with the job's artifact credentials \(AccessDenied\)/],
    ['KMS.AccessDeniedException', 400, /\(KMS.AccessDeniedException\): .*key policy/],
  ])(
    'reports a ConfigurationError naming the artifact, bucket and key when S3 answers %s',
    async (name, status, why) => {
      s3.on(GetObjectCommand).rejects(awsError(name, 'The specified key does not exist.', status));
      const error = await artifactReader(job)('BuildOutput', 'outputs.json').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toContain(
        `Input artifact "BuildOutput" (s3://${bucketName}/${objectKey})`,
      );
      expect((error as Error).message).toMatch(why);
    },
  );

  it('rethrows a transient S3 error as it is (so it is reported as SystemUnavailable)', async () => {
    s3.on(GetObjectCommand).rejects(awsError('SlowDown', 'Please reduce your request rate.', 503));
    await expect(artifactReader(job)('BuildOutput', 'outputs.json')).rejects.toMatchObject({
      name: 'SlowDown',
    });
  });

  it('never echoes the artifact content when the object is not a zip', async () => {
    answerWith(strToU8('password=hunter2-and-more-secret-text'));
    const error = (await artifactReader(job)('BuildOutput', 'outputs.json').catch(
      (e: unknown) => e,
    )) as Error;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/^Input artifact "BuildOutput" is not a readable zip file/);
    expect(error.message).not.toContain('hunter2');
  });

  it('reports a zip bomb as a ConfigurationError naming the artifact, file and cap, without inflating it', async () => {
    // 64 MB of zeros in a zip of a few hundred KB, written as a stream (no declared size).
    answerWith(streamedZip('outputs.json', 64, new Uint8Array(1024 * 1024)));
    const error = await artifactReader(job)('BuildOutput', 'outputs.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      'Input artifact "BuildOutput": file "outputs.json" inflates to more than 10485760 bytes, the most this task inflates from an artifact (its zip entry declares no size)',
    );
  });
});

describe('pipeline action with an unreadable input artifact', () => {
  it.each([
    [
      'a missing artifact object',
      (s3: AwsClientStub<S3Client>) =>
        s3.on(GetObjectCommand).rejects(awsError('NoSuchKey', 'The specified key does not exist.', 404)),
      /does not exist \(NoSuchKey\)/,
    ],
    [
      'a zip bomb',
      (s3: AwsClientStub<S3Client>) => {
        const bomb = streamedZip('outputs.json', 16, new Uint8Array(1024 * 1024));
        s3.on(GetObjectCommand).resolves({
          ContentLength: bomb.byteLength,
          Body: s3Body(bomb),
        } as never);
      },
      /file "outputs.json" inflates to more than/,
    ],
  ])('reports a ConfigurationError for %s, naming the artifact', async (_, answer, why) => {
    const codepipeline = mockCodePipeline();
    answer(mockClient(S3Client));
    const event = loadEvent('http-check-url-from-artifact');

    await handler(event, fakeContext());

    const [failure] = codepipeline.failure();
    expect(failure?.failureDetails?.type).toBe('ConfigurationError');
    expect(failure?.failureDetails?.message).toMatch(/^Task http-check: Input artifact "BuildOutput"/);
    expect(failure?.failureDetails?.message).toMatch(why);
  });
});

describe('extractEntry', () => {
  it('refuses an entry whose declared uncompressed size is over the cap, before inflating it', () => {
    const big = zipSync({ 'data.bin': new Uint8Array(2_000) });
    expect(() => extractEntry(big, 'data.bin', label(1_000))).toThrow(
      'Input artifact "BuildOutput": file "data.bin" is 2000 bytes uncompressed, over the cap of 1000 bytes, the most this task inflates from an artifact',
    );
  });

  it('returns exactly the file when it fits the cap and refuses it otherwise, whatever its size declares', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 4_000 }),
        fc.integer({ min: 0, max: 4_000 }),
        fc.boolean(),
        (content, maxBytes, streamed) => {
          const archive = streamed ? streamedZip('data.bin', 1, content) : zipSync({ 'data.bin': content });
          if (content.byteLength <= maxBytes) {
            expect(extractEntry(archive, 'data.bin', label(maxBytes))).toEqual(content);
          } else {
            expect(() => extractEntry(archive, 'data.bin', label(maxBytes))).toThrow(ConfigurationError);
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
