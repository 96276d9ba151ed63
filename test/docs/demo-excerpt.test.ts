import { join } from 'node:path';
import { EVENT_DIRS, demo } from '../../local/demo';
import { loadProject } from '../../local/template/project';
import { projectRoot } from '../template/project';
import { fencedBlocks } from './fenced-blocks';

/** README.md's `npm run demo` excerpt: the fenced block that ends with the demo's last line. */
const excerpt = fencedBlocks(join(projectRoot, 'README.md'), projectRoot).find((block) =>
  /^\d+ events replayed in /m.test(block.text),
)!;

/** A line that marks lines left out (`…`, also inside a published message: `| …`). */
const elision = (line: string) => /^(\|\s*)?…$/.test(line.trim());

/**
 * A line as compared: what changes from run to run masked (timings, message byte counts, how many
 * events ran), runs of spaces (the summary's column padding depends on the events shown) as one.
 */
const masked = (line: string) =>
  line
    .replace(/\d+(\.\d+)? s\b/g, '<n> s')
    .replace(/MessageBytes: \d+/g, 'MessageBytes: <n>')
    .replace(/\(\d+ bytes\)/g, '(<n> bytes)')
    .replace(/^\d+ events replayed/, '<n> events replayed')
    .replace(/; \d+ as expected/, '; <n> as expected')
    .replace(/\s+/g, ' ')
    .trim();

/** The sample events the excerpt shows (`<dir>/<name>.json`), from its event headers and summary lines. */
function shownEvents(text: string): string[] {
  // A function's first folder holds its samples (the notifier's history/ comes after notifier/).
  const dirOf = Object.fromEntries(
    Object.entries(EVENT_DIRS)
      .reverse()
      .map(([dir, id]) => [id, dir]),
  );
  const headers = [...text.matchAll(/^■ \S+ ← events\/(\S+\.json)/gm)].map((m) => m[1]!);
  const summary = [...text.matchAll(/^ {2}[✓✗] (\S+) +(\S+\.json)/gm)].map((m) => `${dirOf[m[1]!]}/${m[2]}`);
  return [...new Set([...headers, ...summary])];
}

describe("README.md's npm run demo excerpt", () => {
  it('is what the demo prints for those events, line for line in order (timings and byte counts aside)', async () => {
    expect(excerpt).toBeDefined();
    const only = shownEvents(excerpt.text);
    expect(only.length).toBeGreaterThan(2);
    const lines: string[] = [];
    await demo(loadProject({ rootDir: projectRoot, region: 'eu-west-1' }), {
      only,
      sampleApp: false, // none of the excerpt's events checks the sample app; port 8080 stays free
      print: (line) => lines.push(...line.split('\n')),
    });
    const output = lines.map(masked);
    // Each excerpt line, in order, must be a later line of the output than the one before it.
    let at = -1;
    const missing: string[] = [];
    for (const line of excerpt.text.split('\n').filter((l) => l.trim() && !elision(l))) {
      const found = output.indexOf(masked(line), at + 1);
      if (found < 0) missing.push(line);
      else at = found;
    }
    expect({ missing, output: missing.length ? lines.join('\n') : '' }).toEqual({ missing: [], output: '' });
  }, 120_000);
});
