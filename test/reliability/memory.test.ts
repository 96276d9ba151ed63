import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Zip, ZipDeflate } from 'fflate';
import { loadState } from '../../local/endpoint/state';
import { loadProject } from '../../local/template/project';
import { jobEvent, acceptedResults, FN } from '../integration/pipeline-action-support';
import { invokeBundle } from '../integration/harness';
import { startLoopbackServer } from '../support/loopback-server';
import { projectRoot } from '../template/project';
import { recordFigure } from './figures';

const MB = 1024 * 1024;
/** The size of the HTTP answer (issue 8: a 250 MB answer took a 512 MB function to 929 MB). */
const ANSWER_MB = 300;
/** What the zip bomb's entry inflates to; the archive itself is about 0.6 MB. */
const BOMB_MB = 600;

const memorySize = loadProject({ rootDir: projectRoot }).spec(FN).memorySize;

/**
 * A zip whose `outputs.json` inflates to `megabytes` of spaces, built in 16 MB steps (never whole in
 * memory) and kept in .aws-sam/reliability/ for the next runs.
 */
function zipBomb(megabytes: number): Buffer {
  const cached = join(projectRoot, '.aws-sam', 'reliability', `zip-bomb-${megabytes}mb.zip`);
  if (existsSync(cached)) return readFileSync(cached);
  const parts: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    parts.push(chunk);
  });
  const entry = new ZipDeflate('outputs.json', { level: 1 });
  zip.add(entry);
  const block = new Uint8Array(16 * MB).fill(0x20);
  for (let done = 0; done < megabytes; done += 16) entry.push(block, done + 16 >= megabytes);
  zip.end();
  mkdirSync(dirname(cached), { recursive: true });
  writeFileSync(cached, Buffer.concat(parts));
  return readFileSync(cached);
}

describe(`${FN} under hostile sizes (built bundle, peak RSS of the function process)`, () => {
  it(`reports the job and stays under its MemorySize on a ${ANSWER_MB} MB HTTP answer`, async () => {
    const chunk = Buffer.alloc(MB, 'x');
    const origin = await startLoopbackServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      let sent = 0;
      const more = () => {
        while (sent < ANSWER_MB) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      res.on('error', () => undefined);
      more();
    });
    try {
      const run = await invokeBundle(
        FN,
        jobEvent('http-check.json', { url: `${origin.url()}/big`, attempts: 1, timeoutSeconds: 60 }),
      );
      const reported = acceptedResults(run).length === 1;
      recordFigure({
        table: 'memory',
        fn: FN,
        case: `${ANSWER_MB} MB HTTP answer (http-check)`,
        peakRssMB: run.maxMemoryMB ?? -1,
        memorySizeMB: memorySize,
        reported,
      });

      expect(reported).toBe(true);
      expect(run.maxMemoryMB).toBeLessThan(memorySize);
    } finally {
      await origin.close();
    }
  }, 120_000);

  it(`reports the job and stays under its MemorySize on a zip bomb artifact (${BOMB_MB} MB inflated)`, async () => {
    const event = jobEvent('http-check-url-from-artifact.json');
    const { bucketName: bucket, objectKey: key } = event['CodePipeline.job'].data.inputArtifacts.find(
      (artifact) => artifact.name === 'BuildOutput',
    )!.location.s3Location;
    const state = loadState();
    state.s3 = { objects: [{ bucket, key, base64: zipBomb(BOMB_MB).toString('base64') }] };

    const run = await invokeBundle(FN, event, { state, emptyBaseState: true });
    const reported = acceptedResults(run).length === 1;
    recordFigure({
      table: 'memory',
      fn: FN,
      case: `zip bomb artifact (${BOMB_MB} MB inflated)`,
      peakRssMB: run.maxMemoryMB ?? -1,
      memorySizeMB: memorySize,
      reported,
    });

    expect(reported).toBe(true);
    expect(run.maxMemoryMB).toBeLessThan(memorySize);
  }, 120_000);
});
