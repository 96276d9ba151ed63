import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { strToU8, zipSync } from 'fflate';
import { artifactReader } from '../../../functions/pipeline-action/job/artifacts';
import { parseJob } from '../../../functions/pipeline-action/job/event';
import { loadEvent } from './support';

const zip = zipSync({
  'outputs.json': strToU8('{"ApiUrl":"https://checkout.example.com/health"}'),
  'template.yaml': strToU8('Resources: {}'),
});

describe('input artifact reader', () => {
  let s3: AwsClientStub<S3Client>;
  const job = parseJob(loadEvent('http-check-url-from-artifact'));
  beforeEach(() => {
    s3 = mockClient(S3Client);
    s3.on(GetObjectCommand).resolves({
      ContentLength: zip.byteLength,
      Body: { transformToByteArray: async () => zip },
    } as never);
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

  it('refuses an artifact larger than the cap', async () => {
    await expect(artifactReader(job, 100)('BuildOutput', 'outputs.json')).rejects.toThrow(
      /larger than 100 bytes/,
    );
  });
});
