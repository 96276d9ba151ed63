import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { rawResult, restXmlError } from './protocol';
import type { RawService } from './raw';
import { AwsError } from './world';

const bodies = new WeakMap<object, Buffer>();

function objectBody(object: { zip?: Record<string, string>; text?: string; base64?: string }): Buffer {
  let body = bodies.get(object);
  if (!body) {
    const files = Object.fromEntries(
      Object.entries(object.zip ?? {}).map(([path, text]) => [path, strToU8(text)]),
    );
    body = object.zip
      ? Buffer.from(zipSync(files, { mtime: new Date('2026-01-01T00:00:00Z') }))
      : object.base64 !== undefined
        ? Buffer.from(object.base64, 'base64')
        : Buffer.from(object.text ?? '');
    bodies.set(object, body);
  }
  return body;
}

/** S3 (REST-XML, path-style `GET /{bucket}/{key}`): GetObject of seeded objects. */
export const s3: RawService = {
  iam: 's3',
  operations: ['GetObject'],
  decode(request) {
    if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
    const [, bucket = '', ...key] = request.url.pathname.split('/');
    if (!bucket) return undefined;
    return {
      operation: request.method === 'GET' ? 'GetObject' : 'HeadObject',
      iamOperations: ['GetObject'],
      input: { Bucket: decodeURIComponent(bucket), Key: decodeURIComponent(key.join('/')) },
    };
  },
  run({ input }, request, res, call) {
    const objects = call.world.state.s3?.objects ?? [];
    if (!objects.some((o) => o.bucket === input.Bucket)) {
      throw new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404);
    }
    const object = objects.find((o) => o.bucket === input.Bucket && o.key === input.Key);
    if (!object) throw new AwsError('NoSuchKey', 'The specified key does not exist.', 404);
    const body = objectBody(object);
    call.note(`${body.length} bytes${object.zip ? ` (zip: ${Object.keys(object.zip).join(', ')})` : ''}`);
    const headers = {
      'content-type': object.zip || object.base64 !== undefined ? 'application/zip' : 'text/plain',
      etag: `"${createHash('md5').update(body).digest('hex')}"`,
      'last-modified': new Date('2026-01-01T00:00:00Z').toUTCString(),
    };
    rawResult(res, 200, headers, request.method === 'HEAD' ? Buffer.alloc(0) : body);
  },
  error: restXmlError,
};
