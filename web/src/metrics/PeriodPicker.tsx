/** The period of the figures: this month, last month, this quarter, this year, or two days of one's own (自定义). */
import { useState } from 'react';
import { MAX_PERIOD_DAYS } from '../../../tiles/domain/metrics';
import { useI18n } from '../i18n';
import { isValidPeriod, PERIOD_PRESETS, presetOf, presetPeriod, type Period } from './period';

interface Props {
  period: Period;
  /** China's date today: presets run to it, and no day after it can be chosen. */
  today: string;
  onChange(period: Period, mode: 'push' | 'replace'): void;
}

export function PeriodPicker({ period, today, onChange }: Props) {
  const { t } = useI18n();
  const preset = presetOf(period, today);
  const [customOpen, setCustomOpen] = useState(false);
  // The two inputs while they are being edited; a valid pair is applied at once.
  const [draft, setDraft] = useState<Partial<Period> | null>(null);
  // A period changed from elsewhere (the back button, a link) drops what was being typed.
  const [seen, setSeen] = useState(period);
  if (seen.from !== period.from || seen.to !== period.to) {
    setSeen(period);
    setDraft(null);
  }
  const shown = draft ?? period;
  const custom = customOpen || preset === 'custom';
  const bad = draft !== null && !isValidPeriod(draft);

  const edit = (patch: Partial<Period>) => {
    const next = { ...shown, ...patch };
    if (isValidPeriod(next)) {
      setDraft(null);
      // Typing a date changes it digit by digit: one history entry for the custom period, not one per keystroke.
      onChange(next, preset === 'custom' ? 'replace' : 'push');
    } else setDraft(next);
  };

  return (
    <div className="period-picker" role="group" aria-label={t('metrics.period')} data-testid="period-picker">
      <div className="segmented">
        {PERIOD_PRESETS.map((p) => (
          <button
            key={p}
            className={preset === p && !customOpen ? 'on' : ''}
            aria-pressed={preset === p && !customOpen}
            data-testid={`period-${p}`}
            onClick={() => {
              setCustomOpen(false);
              setDraft(null);
              onChange(presetPeriod(p, today), 'push');
            }}
          >
            {t(`metrics.preset_${p}`)}
          </button>
        ))}
        <button className={custom ? 'on' : ''} aria-pressed={custom} aria-expanded={custom} data-testid="period-custom" onClick={() => setCustomOpen(true)}>
          {t('metrics.preset_custom')}
        </button>
      </div>
      {custom && (
        <span className="custom-period">
          <label>
            <span className="sr-only">{t('metrics.from')}</span>
            <input type="date" value={shown.from ?? ''} max={today} aria-invalid={bad} onChange={(e) => edit({ from: e.target.value })} data-testid="period-from" />
          </label>
          <span aria-hidden>–</span>
          <label>
            <span className="sr-only">{t('metrics.to')}</span>
            <input type="date" value={shown.to ?? ''} max={today} aria-invalid={bad} onChange={(e) => edit({ to: e.target.value })} data-testid="period-to" />
          </label>
        </span>
      )}
      {bad && (
        <span className="error-text small" role="alert">
          {t('metrics.badPeriod', { n: MAX_PERIOD_DAYS })}
        </span>
      )}
    </div>
  );
}
