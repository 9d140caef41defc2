/**
 * What the wall soak (wall-soak.ts) makes of its samples: the heap verdict, the per-minute table and the
 * "## Wall soak" section of BENCHMARKS.md, replaced in place on each run. Pure functions: report.test.ts
 * checks them without a browser.
 */
import { WALL_SCENES, type WallScene } from '../../tiles/domain/wall';

export const SECTION_TITLE = '## Wall soak';
/** Where the full runs' results start in BENCHMARKS.md (tests/bench/run.ts rewrites everything below it). */
export const RESULTS_MARKER = '<!-- results -->';
/** The heap may grow by this share between the baseline sample and the end. */
export const HEAP_GROWTH_MAX = 0.2;
/** The baseline is the first sample from this minute on (the wall has loaded its data and toured once). */
export const BASELINE_MINUTE = 5;
const ERRORS_LISTED = 5;

/** One measurement of the wall page, right after a garbage collection. */
export interface Sample {
  /** When the sample was due, in seconds since the wall appeared (it is taken then, give or take the page's answer). */
  elapsedS: number;
  heapMb: number;
  nodes: number;
  listeners: number;
  documents: number;
  /** The `data-scene` of `[data-testid=wall]`, or `(no wall)`. */
  scene: string;
  scenesSeen: number;
  /** `[data-testid=wall-health]` says the data is live. */
  connected: boolean;
  /** An alert had taken over the wall. */
  alert: boolean;
}

/** A console error, uncaught exception or crash of the page; `atS` seconds after the wall appeared. */
export interface PageProblem {
  atS: number;
  text: string;
}

export interface Verdict {
  baseline: Sample;
  end: Sample;
  /** end / baseline − 1 */
  growth: number;
  met: boolean;
}

export interface SoakReport {
  startedAt: Date;
  /** CPU, memory, Node and Chromium, in words. */
  machine: string;
  database: string;
  minutes: number;
  intervalS: number;
  area: string;
  tour: WallScene[];
  viewport: { width: number; height: number };
  samples: Sample[];
  seen: ReadonlySet<string>;
  problems: PageProblem[];
}

/**
 * The heap at the end against the first sample from minute 5 on (a run shorter than that: its first sample).
 * Only growth counts against the target: a heap that shrinks leaks nothing.
 */
export function heapVerdict(samples: readonly Sample[]): Verdict {
  if (samples.length === 0) throw new Error('soak: no samples taken');
  const baseline = samples.find((s) => s.elapsedS >= BASELINE_MINUTE * 60) ?? samples[0];
  const end = samples[samples.length - 1];
  const growth = end.heapMb / baseline.heapMb - 1;
  return { baseline, end, growth, met: growth <= HEAP_GROWTH_MAX };
}

/** Minutes, to two decimals at most: "5", "0.33". */
export const formatMinute = (seconds: number) => String(Math.round((seconds / 60) * 100) / 100);
const percent = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;

export function sampleTable(samples: readonly Sample[]): string[] {
  return [
    '| minute | JS heap MB | DOM nodes | listeners | documents | scene | scenes seen | live | alert |',
    '|---|---|---|---|---|---|---|---|---|',
    ...samples.map((s) =>
      `| ${formatMinute(s.elapsedS)} | ${s.heapMb.toFixed(1)} | ${s.nodes} | ${s.listeners} | ${s.documents} | ${s.scene} | ${s.scenesSeen} | ${s.connected ? 'yes' : 'no'} | ${s.alert ? 'yes' : ''} |`),
  ];
}

export function verdictLine(v: Verdict): string {
  const what = `${v.baseline.heapMb.toFixed(1)} MB at minute ${formatMinute(v.baseline.elapsedS)} → ${v.end.heapMb.toFixed(1)} MB at minute ${formatMinute(v.end.elapsedS)} (${percent(v.growth)})`;
  return `${what}; target ≤ ${percent(HEAP_GROWTH_MAX)}: ${v.met ? '**met**' : `**NOT met** (${percent(v.growth)})`}`;
}

export function problemLines(problems: readonly PageProblem[]): string[] {
  if (problems.length === 0) return ['Console errors: none.'];
  const shown = problems.slice(0, ERRORS_LISTED);
  return [
    `Console errors: **${problems.length}**; the first ${shown.length}:`,
    ...shown.map((p) => `  - minute ${formatMinute(p.atS)}: \`${p.text.replace(/\s+/g, ' ').replace(/`/g, "'").slice(0, 300)}\``),
  ];
}

export function scenesLine(seen: ReadonlySet<string>): string {
  const missing = WALL_SCENES.filter((k) => !seen.has(k));
  return `${[...seen].join(', ') || 'none'} (${seen.size} of ${WALL_SCENES.length}${missing.length ? `; never seen: ${missing.join(', ')}` : ''})`;
}

/** "2026-12-05 14:03 (China time)". */
export function chinaTime(at: Date): string {
  const f = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  return `${f.format(at)} (China time)`;
}

/** The BENCHMARKS.md section: what ran where, the samples, and the verdicts. */
export function reportSection(r: SoakReport): string {
  const tour = r.tour.map((s) => `${s.kind} ${s.dwellS} s${s.kind === 'areas' ? ' per sub-area' : ''}`).join(', ');
  const command = `npm run soak -- --minutes ${r.minutes}${r.intervalS !== 60 ? ` --interval-s ${r.intervalS}` : ''}`;
  return [
    `${SECTION_TITLE} — ${chinaTime(r.startedAt)}, ${r.machine}`,
    '',
    `\`${command}\`: the whole product in-process on the ${r.database}, with the live simulators on; a display of`,
    `${r.area} (tour: ${tour}) open in Chromium at ${r.viewport.width}×${r.viewport.height} for ${r.minutes} minutes. Every ${r.intervalS} s`,
    'the page\'s garbage is collected (DevTools `HeapProfiler.collectGarbage`) and `Performance.getMetrics` read.',
    '',
    ...sampleTable(r.samples),
    '',
    `- JS heap: ${verdictLine(heapVerdict(r.samples))}.`,
    `- Scenes seen: ${scenesLine(r.seen)}.`,
    `- ${problemLines(r.problems).join('\n')}`,
    '',
  ].join('\n');
}

/** The same, for the terminal. */
export function reportText(r: SoakReport): string {
  return [
    ...sampleTable(r.samples),
    '',
    `JS heap: ${verdictLine(heapVerdict(r.samples))}`,
    `Scenes seen: ${scenesLine(r.seen)}`,
    ...problemLines(r.problems),
  ].join('\n').replace(/\*\*/g, '');
}

/**
 * BENCHMARKS.md with `section` in place of an earlier "## Wall soak" section (which ends at the next `## `
 * heading or the results marker), or, the first time, just above the results of the full benchmark runs.
 */
export function withSection(markdown: string, section: string): string {
  const body = `${section.trimEnd()}\n\n`;
  const start = markdown.search(new RegExp(`^${SECTION_TITLE}(?![\\w-])`, 'm'));
  if (start >= 0) {
    const after = start + SECTION_TITLE.length;
    const rest = markdown.slice(after);
    const ends = [rest.search(/^## /m), rest.indexOf(RESULTS_MARKER)].filter((i) => i >= 0);
    const end = ends.length ? after + Math.min(...ends) : markdown.length;
    return `${markdown.slice(0, start)}${body}${markdown.slice(end)}`.trimEnd() + '\n';
  }
  const marker = markdown.indexOf(RESULTS_MARKER);
  if (marker >= 0) return `${markdown.slice(0, marker).trimEnd()}\n\n${body}${markdown.slice(marker)}`;
  return `${markdown.trimEnd()}\n\n${body}`;
}
