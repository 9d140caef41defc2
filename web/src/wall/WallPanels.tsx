/**
 * The wall's panels, drawn on the 1920×1080 design canvas (type sized to be read from 5 m at 1080p and
 * scaled with the canvas): the top bar with the clock and the data's health, the figures, the sub-area
 * ranking, the live feed, the alarms, the KPIs, the tour's progress, and the banners of an alert and of
 * stale data. Everything is shown, nothing waits for a hover.
 */
import { KPI, type KpiId } from '../../../tiles/domain/metrics';
import { SEVERITY, type Severity } from '../../../tiles/domain/sensing';
import { WALL_ALERT, WALL_SCENE, type WallSceneKind } from '../../../tiles/domain/wall';
import type { AlarmPage, AreaDetail, AreaFigures, WallConfig } from '../api';
import type { LiveChange, LiveState } from '../cases/live';
import { formatClock, formatNumber, formatShortChinaTime, label, useI18n, type Translate } from '../i18n';
import { css, formatKpi } from '../metrics/format';
import type { KpiReport } from '../metrics/types';
import type { TourState, TourStep } from './tour';

/** "3 分 20 秒" / "3 min 20 s": an age on the wall. */
export function formatAge(ms: number, t: Translate): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return t('wall.ageSeconds', { s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('wall.ageMinutes', { m, s: s % 60 });
  return t('wall.ageHours', { h: Math.floor(m / 60), m: m % 60 });
}

export function TopBar({ config, area, scene, now, newest, liveState, apiOk }: {
  config: WallConfig; area: AreaDetail | undefined; scene: WallSceneKind; now: number; newest: number; liveState: LiveState; apiOk: boolean;
}) {
  const { t, lang } = useI18n();
  const connected = apiOk && liveState === 'live';
  return (
    <header className="wall-top" data-testid="wall-top">
      <div className="wall-title">
        <h1>{t('appTitle')} · {t('wall.title')}</h1>
        <span>{config.name}</span>
      </div>
      <div className="wall-scene-name" data-testid="wall-scene-name">
        {WALL_SCENE[scene][lang]}
        {area && <small>{area.name}</small>}
      </div>
      <div className="wall-health" data-testid="wall-health" data-connected={connected ? 'yes' : 'no'}>
        <span className={`wall-dot ${connected ? 'ok' : 'down'}`} aria-hidden />
        <span>{connected ? t('wall.live') : !apiOk ? t('wall.apiDown') : t(`wall.feed_${liveState}` as 'wall.feed_live')}</span>
        <span className="wall-age" data-testid="wall-age">{t('wall.dataAge', { age: formatAge(now - newest, t) })}</span>
        <time className="wall-clock" data-testid="wall-clock">{formatClock(now, lang)}</time>
      </div>
    </header>
  );
}

const FIGURES: { key: string; value(f: AreaFigures, extra: { overdue: number | null; critical: number | null }): number | null; of?(f: AreaFigures): number; tone?: 'warn' }[] = [
  { key: 'wall.openCases', value: (f) => f.openIncidents },
  { key: 'wall.overdue', value: (_f, x) => x.overdue, tone: 'warn' },
  { key: 'wall.alarms', value: (f) => f.alarmsOpen },
  { key: 'wall.critical', value: (_f, x) => x.critical, tone: 'warn' },
  { key: 'wall.devices', value: (f) => f.devicesOnline, of: (f) => f.devicesTotal },
  { key: 'wall.cameras', value: (f) => f.camerasOnline, of: (f) => f.camerasTotal },
  { key: 'wall.parking', value: (f) => f.parkingFree, of: (f) => f.parkingCapacity },
  { key: 'wall.population', value: (f) => f.population },
];

export function FiguresPanel({ figures, title, overdue, critical }: { figures: AreaFigures | undefined; title: string; overdue: number | null; critical: number | null }) {
  const { t, lang } = useI18n();
  const n = (v: number | null) => (v === null ? '—' : formatNumber(v, lang));
  return (
    <section className="wall-box" data-testid="wall-figures">
      <h2>{title}</h2>
      {!figures ? (
        <p className="wall-muted">{t('loading')}</p>
      ) : (
        <dl className="wall-figures">
          {FIGURES.map((f) => {
            const v = f.value(figures, { overdue, critical });
            return (
              <div key={f.key} className={f.tone === 'warn' && v ? 'warn' : ''}>
                <dt>{t(f.key as 'wall.openCases')}</dt>
                <dd>
                  {n(v)}
                  {f.of && <small> / {n(f.of(figures))}</small>}
                </dd>
              </div>
            );
          })}
        </dl>
      )}
    </section>
  );
}

/** The sub-areas by open cases (or by the month's on-time close rate), the toured one highlighted. */
export function RankingPanel({ area, highlight, kpis }: { area: AreaDetail | undefined; highlight: string | null; kpis?: KpiReport }) {
  const { t, lang } = useI18n();
  const byKpi = Boolean(kpis);
  const rows = byKpi
    ? (kpis?.children ?? []).map((c) => ({ code: c.code, name: c.name, value: c.kpis.onTimeCloseRate ?? 0, text: formatKpi('onTimeCloseRate', c.kpis.onTimeCloseRate, lang) }))
    : (area?.children ?? []).map((c) => ({ code: c.code, name: c.name, value: c.figures.openIncidents, text: formatNumber(c.figures.openIncidents, lang) }));
  rows.sort((a, b) => b.value - a.value);
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <section className="wall-box wall-grow" data-testid="wall-ranking">
      <h2>{byKpi ? t('wall.rankingKpi', { kpi: KPI.onTimeCloseRate[lang] }) : t('wall.rankingOpen')}</h2>
      {rows.length === 0 ? (
        <p className="wall-muted">{area || kpis ? t('wall.noSubAreas') : t('loading')}</p>
      ) : (
        <ol className="wall-bars">
          {rows.slice(0, 12).map((r) => (
            <li key={r.code} className={r.code === highlight ? 'current' : ''} data-code={r.code}>
              <span className="wall-bar-name">{r.name}</span>
              <span className="wall-bar"><span style={{ width: `${(r.value / max) * 100}%` }} /></span>
              <span className="wall-bar-value">{r.text}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function FeedPanel({ changes, now, typeName, placeOf, compact = false }: { changes: LiveChange[]; now: number; typeName(code: string): string; placeOf(grid: string): string; compact?: boolean }) {
  const { t, lang } = useI18n();
  return (
    <section className={`wall-box ${compact ? '' : 'wall-grow'}`} data-testid="wall-feed">
      <h2>{t('wall.feed')}</h2>
      {changes.length === 0 ? (
        <p className="wall-muted">{t('wall.noChanges')}</p>
      ) : (
        <ol className="wall-feed">
          {changes.slice(0, compact ? 5 : 11).map((c) => (
            <li key={c.id} className={c.receivedAt > 0 && now - c.receivedAt < 15_000 ? 'fresh' : ''}>
              <time>{formatShortChinaTime(c.at, lang)}</time>
              <span className="wall-feed-what">
                <b>{typeName(c.typeCode)}</b> {label(t, 'action', c.action)} → {label(t, 'status', c.status)}
              </span>
              <span className="wall-feed-where">{placeOf(c.gridCode)} · {c.caseNo}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function AlarmPanel({ alarms, placeOf }: { alarms: AlarmPage | undefined; placeOf(grid: string): string }) {
  const { t, lang } = useI18n();
  return (
    <section className="wall-box wall-grow" data-testid="wall-alarms">
      <h2>{t('wall.alarmList', { n: alarms ? formatNumber(alarms.total, lang) : '…' })}</h2>
      {!alarms ? (
        <p className="wall-muted">{t('loading')}</p>
      ) : alarms.items.length === 0 ? (
        <p className="wall-muted">{t('wall.noAlarms')}</p>
      ) : (
        <ol className="wall-feed">
          {alarms.items.slice(0, 9).map((a) => (
            <li key={a.id}>
              <span className="wall-sev" style={{ background: css(SEVERITY[a.severity as Severity].color) }}>{label(t, 'severity', a.severity)}</span>
              <span className="wall-feed-what"><b>{a.label[lang]}</b> {a.occurrences > 1 ? `×${a.occurrences}` : ''}</span>
              <span className="wall-feed-where">{placeOf(a.gridCode)} · {formatShortChinaTime(a.lastAt, lang)}{a.incident ? ` · ${a.incident.caseNo}` : ''}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const WALL_KPIS: KpiId[] = ['reported', 'closed', 'onTimeCloseRate', 'closeRate', 'avgHandlingHours', 'overdueNow', 'satisfaction', 'escalations'];

export function KpiPanel({ kpis, loading }: { kpis: KpiReport | undefined; loading: boolean }) {
  const { t, lang } = useI18n();
  return (
    <section className="wall-box wall-grow" data-testid="wall-kpis">
      <h2>{t('wall.kpisTitle')}</h2>
      {!kpis ? (
        <p className="wall-muted">{loading ? t('loading') : '—'}</p>
      ) : (
        <dl className="wall-figures wall-kpis">
          {WALL_KPIS.map((id) => (
            <div key={id}>
              <dt>{KPI[id][lang]}</dt>
              <dd>{formatKpi(id, kpis.kpis[id], lang)}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

export function TakeoverBanner({ alert, now, takeoverMs, queued }: { alert: NonNullable<TourState['alert']>; now: number; takeoverMs: number; queued: number }) {
  const { t, lang } = useI18n();
  const left = Math.max(0, 1 - (now - alert.shownAt) / takeoverMs);
  return (
    <div className={`wall-takeover wall-takeover-${alert.kind}`} role="alert" data-testid="wall-takeover" data-kind={alert.kind} data-key={alert.key}>
      <div className="wall-takeover-kind">{WALL_ALERT[alert.kind][lang]}</div>
      <div className="wall-takeover-body">
        <strong>{alert.title}</strong>
        <span>{alert.place}</span>
        <span>
          {t('wall.since', { time: formatShortChinaTime(alert.since, lang), age: formatAge(now - alert.since, t) })}
          {alert.caseNo && <> · <b data-testid="wall-takeover-case">{alert.caseNo}</b></>}
          {queued > 0 && <> · {t('wall.queued', { n: queued })}</>}
        </span>
      </div>
      <div className="wall-takeover-timer"><span style={{ width: `${left * 100}%` }} /></div>
    </div>
  );
}

export function StaleBanner({ since, now, apiDown }: { since: number; now: number; apiDown: boolean }) {
  const { t } = useI18n();
  return (
    <div className="wall-stale" role="alert" data-testid="wall-stale">
      <strong>{apiDown ? t('wall.staleApi') : t('wall.staleFeed')}</strong> {t('wall.staleAge', { age: formatAge(now - since, t) })} · {t('wall.reconnecting')}
    </div>
  );
}

export function TourBar({ steps, index, progress, areaName, onPlayback }: { steps: TourStep[]; index: number; progress: number; areaName(code: string): string; onPlayback(): void }) {
  const { t, lang } = useI18n();
  return (
    <footer className="wall-tour" data-testid="wall-tour">
      <ol>
        {steps.map((s, i) => (
          <li key={`${s.kind}:${s.areaCode}:${i}`} className={i === index ? 'current' : ''}>
            {s.kind === 'areas' ? areaName(s.areaCode) || WALL_SCENE.areas[lang] : WALL_SCENE[s.kind][lang]}
            {i === index && <span className="wall-tour-progress" style={{ width: `${progress * 100}%` }} />}
          </li>
        ))}
      </ol>
      <button type="button" className="wall-tour-playback" onClick={onPlayback} data-testid="wall-playback-open">
        {t('wall.playbackKey')}
      </button>
    </footer>
  );
}
