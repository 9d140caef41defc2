/**
 * The playback controls (时间回放): play / pause, the time slider over the window, the speed, the window
 * (24 h / 7 d) and its last day, with the figures and the feed at the slider's time. Keyboard: space plays
 * and pauses, ← → step a minute (with Shift an hour) when the slider has the focus.
 */
import type { ChangeEvent } from 'react';
import { PLAYBACK_SPEEDS, PLAYBACK_WINDOWS, type PlaybackWindow } from '../../../tiles/domain/wall';
import { errorMessage } from '../api';
import { formatNumber, formatShortChinaTime, label, useI18n } from '../i18n';
import type { Playback, PlaybackSpeed } from './use-playback';

interface Props {
  playback: Playback;
  onClose(): void;
  /** On the wall the bar is larger and the feed shows fewer rows. */
  variant?: 'desk' | 'wall';
}

export function PlaybackBar({ playback: p, onClose, variant = 'desk' }: Props) {
  const { t, lang } = useI18n();
  const n = (v: number) => formatNumber(v, lang);
  const span = p.to - p.from;
  const onSlide = (e: ChangeEvent<HTMLInputElement>) => p.setT(p.from + (Number(e.target.value) / 1000) * span);
  const loading = p.timeline.isLoading;
  const data = p.timeline.data;
  return (
    <div className={`playback playback-${variant}`} data-testid="playback-bar" role="region" aria-label={t('playback.title')}>
      <div className="playback-row">
        <button
          type="button"
          className="playback-play"
          data-testid="playback-play"
          onClick={p.toggle}
          disabled={!data}
          aria-label={p.playing ? t('playback.pause') : t('playback.play')}
          title={p.playing ? t('playback.pause') : t('playback.play')}
        >
          {p.playing ? '❚❚' : '▶'}
        </button>
        <div className="playback-track">
          <input
            type="range"
            min={0}
            max={1000}
            step={1}
            value={span > 0 ? Math.round(((p.t - p.from) / span) * 1000) : 0}
            onChange={onSlide}
            onKeyDown={(e) => {
              const step = e.shiftKey ? 3600_000 : 60_000;
              if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                e.preventDefault();
                p.setT(p.t + (e.key === 'ArrowRight' ? step : -step));
              } else if (e.key === ' ') {
                e.preventDefault();
                p.toggle();
              }
            }}
            data-testid="playback-slider"
            aria-label={t('playback.slider')}
            aria-valuetext={formatShortChinaTime(p.t, lang)}
            disabled={!data}
          />
          <div className="playback-ends">
            <span>{formatShortChinaTime(p.from, lang)}</span>
            <span>{formatShortChinaTime(p.to, lang)}</span>
          </div>
        </div>
        <output className="playback-time" data-testid="playback-time" data-t={p.t}>
          {formatShortChinaTime(p.t, lang)}
        </output>
        <label className="playback-field">
          <span>{t('playback.speed')}</span>
          <select value={p.speed} onChange={(e) => p.setSpeed(Number(e.target.value) as PlaybackSpeed)} data-testid="playback-speed">
            {PLAYBACK_SPEEDS.map((s) => (
              <option key={s} value={s}>
                {t('playback.speedValue', { n: s >= 3600 ? `${s / 3600}h` : `${s / 60}min` })}
              </option>
            ))}
          </select>
        </label>
        <label className="playback-field">
          <span>{t('playback.window')}</span>
          <select value={p.window} onChange={(e) => p.setWindow(e.target.value as PlaybackWindow)} data-testid="playback-window">
            {PLAYBACK_WINDOWS.map((w) => (
              <option key={w} value={w}>
                {t(w === '24h' ? 'playback.window24h' : 'playback.window7d')}
              </option>
            ))}
          </select>
        </label>
        {variant === 'desk' && (
          <label className="playback-field">
            <span>{t('playback.until')}</span>
            <input
              type="date"
              value={p.endDay ?? ''}
              max={p.today}
              onChange={(e) => p.setEndDay(e.target.value || null)}
              data-testid="playback-end"
              aria-label={t('playback.until')}
            />
          </label>
        )}
        <button type="button" className="playback-close" onClick={onClose} aria-label={t('playback.close')} title={t('playback.close')} data-testid="playback-close">
          ×
        </button>
      </div>
      <div className="playback-row playback-info">
        {loading && <span className="playback-note">{t('playback.loading')}</span>}
        {p.timeline.isError && (
          <span className="playback-note error" role="alert">
            {errorMessage(p.timeline.error)}
          </span>
        )}
        {data && (
          <>
            <span className="playback-figures" data-testid="playback-figures" data-open={p.counts.open} data-reported={p.counts.reported} data-closed={p.counts.closed}>
              <b>{n(p.counts.open)}</b> {t('playback.open')} · <b>{n(p.counts.reported)}</b> {t('playback.reported')} · <b>{n(p.counts.closed)}</b> {t('playback.closed')} · <b>{n(p.alarms.length)}</b> {t('playback.alarms')}
              {data.truncated && <em> · {t('playback.truncated')}</em>}
            </span>
            <ol className="playback-feed" data-testid="playback-feed">
              {p.feed.length === 0 && <li className="playback-note">{t('playback.noEvents')}</li>}
              {p.feed.slice(0, variant === 'wall' ? 4 : 6).map((e) => (
                <li key={e.id}>
                  <time>{formatShortChinaTime(e.at, lang)}</time> <span className="case-no">{e.caseNo}</span> {label(t, 'action', e.action)} →{' '}
                  {label(t, 'status', e.status)}
                </li>
              ))}
            </ol>
          </>
        )}
      </div>
    </div>
  );
}
