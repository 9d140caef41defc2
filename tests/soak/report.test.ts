/** The wall soak's verdict and its BENCHMARKS.md section, without a browser (the soak itself: `npm run soak`). */
import { describe, expect, it } from 'vitest';
import { heapVerdict, reportSection, RESULTS_MARKER, withSection, type Sample, type SoakReport } from './report';

const sample = (minute: number, heapMb: number): Sample => ({
  elapsedS: minute * 60, heapMb, nodes: 3000, listeners: 400, documents: 1, scene: 'overview', scenesSeen: 5, connected: true, alert: false,
});

describe('heapVerdict', () => {
  it('compares the end with the first sample from minute 5 on', () => {
    const v = heapVerdict([sample(1, 20), sample(4, 30), sample(5, 40), sample(6, 45), sample(30, 47)]);
    expect(v.baseline.heapMb).toBe(40);
    expect(v.growth).toBeCloseTo(0.175);
    expect(v.met).toBe(true);
  });

  it('misses the target when the heap grows by more than 20 %', () => {
    const v = heapVerdict([sample(5, 40), sample(30, 49)]);
    expect(v.met).toBe(false);
  });

  it('takes the first sample as the baseline of a run shorter than five minutes', () => {
    const v = heapVerdict([sample(1 / 3, 30), sample(2 / 3, 31), sample(1, 29)]);
    expect(v.baseline.heapMb).toBe(30);
    expect(v.met).toBe(true);
  });
});

describe('withSection', () => {
  const doc = ['# Benchmarks', '', 'intro', '', '## Other — 2026', '', 'text', '', RESULTS_MARKER, '', '## Run of 2026-11-23', '', 'rows', ''].join('\n');

  it('puts a first soak section above the results of the full runs', () => {
    const out = withSection(doc, '## Wall soak — now\n\nfirst');
    expect(out.indexOf('## Wall soak')).toBeGreaterThan(out.indexOf('## Other'));
    expect(out.indexOf('## Wall soak')).toBeLessThan(out.indexOf(RESULTS_MARKER));
    expect(out).toContain('## Run of 2026-11-23\n\nrows');
  });

  it('replaces an earlier soak section and keeps everything else', () => {
    const once = withSection(doc, '## Wall soak — then\n\nfirst');
    const twice = withSection(once, '## Wall soak — now\n\nsecond');
    expect(twice).not.toContain('first');
    expect(twice.match(/## Wall soak/g)).toHaveLength(1);
    expect(twice).toBe(once.replace('## Wall soak — then\n\nfirst', '## Wall soak — now\n\nsecond'));
    expect(twice).toContain(RESULTS_MARKER);
  });
});

describe('reportSection', () => {
  it('says the date, machine, database, samples, verdict, errors and scenes', () => {
    const report: SoakReport = {
      startedAt: new Date('2026-12-05T06:03:00Z'), machine: '2 × Test CPU', database: 'embedded', minutes: 30, intervalS: 60, area: '350102',
      tour: [{ kind: 'overview', dwellS: 20 }, { kind: 'areas', dwellS: 10 }], viewport: { width: 1920, height: 1080 },
      samples: [sample(5, 40), sample(30, 60)], seen: new Set(['overview', 'areas']), problems: [{ atS: 90, text: 'console: boom' }],
    };
    const md = reportSection(report);
    expect(md).toMatch(/^## Wall soak — 2026-12-05 14:03 \(China time\), 2 × Test CPU/);
    expect(md).toContain('| 30 | 60.0 |');
    expect(md).toContain('**NOT met** (+50.0 %)');
    expect(md).toContain('Console errors: **1**');
    expect(md).toContain('never seen: live, sensing, kpis');
  });
});
