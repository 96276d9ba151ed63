import * as fc from 'fast-check';
import { fitBody } from '../../../functions/chat-delivery/fit';
import { outlineOf } from '../../../functions/chat-delivery/outline';
import { platforms } from '../../../functions/chat-delivery/platforms';
import { sampleEvents } from '../../support/samples';
import { sampleNotification } from './fixtures';

const readable = sampleEvents('chat-delivery')
  .map((key) => key.replace(/^chat-delivery\/|\.json$/g, ''))
  .filter((name) => name !== 'not-a-notification');

/** Text of `size` characters made of `unit` (multi-byte, escaped by JSON, or both). */
const textOf = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

describe('fitting a message to its platform', () => {
  it.each(platforms.flatMap((p) => readable.map((name) => [p.name, name, p] as const)))(
    'sends %s the whole of %s (a notification of usual size)',
    (_name, sample, platform) => {
      const fitted = fitBody(platform, outlineOf(sampleNotification(sample)));

      expect(fitted.level).toBe(0);
      expect(fitted.json).not.toMatch(/Shortened/);
    },
  );

  it.each(platforms.map((p) => [p.name, p] as const))(
    'shortens an oversized notification for %s, keeping the first failure and saying what it left out',
    (_name, platform) => {
      const n = sampleNotification('pipeline-failed');
      n.failures = Array.from({ length: 60 }, (_, i) => ({
        stage: 'Deploy',
        action: `Action${i}`,
        summary: `error ${i}: ${'x'.repeat(2_000)}`,
      }));

      const fitted = fitBody(platform, outlineOf(n));

      expect(fitted.level).toBeGreaterThan(0);
      expect(fitted.bytes).toBeLessThanOrEqual(platform.maxBytes);
      expect(platform.valid?.(JSON.parse(fitted.json)) ?? true).toBe(true);
      expect(fitted.json).toContain('stage Deploy → action Action0');
      expect(fitted.json).toMatch(/Shortened to fit .*more failures/);
    },
  );

  it('fits any notification within every platform’s limits and never drops the first failure (generated)', () => {
    const unit = fc.constantFrom('a', 'é', '😀', '"', '\\', '\n', '\u0001', '<', '&', '*');
    const size = fc.integer({ min: 0, max: 60_000 });
    fc.assert(
      fc.property(unit, size, fc.integer({ min: 1, max: 300 }), size, (u, chars, failures, other) => {
        const n = sampleNotification('pipeline-failed');
        n.resource = textOf(u, Math.min(chars, 2_000)) || 'p';
        n.failures = Array.from({ length: failures }, (_, i) => ({
          stage: `S${i}`,
          action: textOf(u, chars / failures),
          summary: textOf(u, chars),
          url: `https://example.com/${i}`,
        }));
        n.facts = Array.from({ length: 40 }, () => textOf(u, other / 40));
        n.links = Array.from({ length: 40 }, (_, i) => ({
          label: textOf(u, 100),
          url: `https://example.com/l${i}`,
        }));
        n.retryCommand = textOf(u, other);

        for (const platform of platforms) {
          const fitted = fitBody(platform, outlineOf(n));
          expect(fitted.bytes).toBeLessThanOrEqual(platform.maxBytes);
          expect(platform.valid?.(JSON.parse(fitted.json)) ?? true).toBe(true);
          expect(fitted.json).toContain('stage S0');
        }
      }),
      { numRuns: 40 },
    );
  });
});
