/**
 * What is analysed: the facility type, grouped by the life circle the standard puts it in (with the circle's
 * walking distance, the people it serves and how its capacity is counted), and the walking minutes — the type's
 * standard circle, 5, 10, 15 or a custom whole number of minutes.
 */
import { useState } from 'react';
import { CAPACITY_UNIT, LIFE_CIRCLE, LIFE_CIRCLES, PLANNING_MINUTES, SERVICE_TYPE, SERVICE_TYPES, TARGET_GROUP, WALK_M_PER_MIN, type ServiceType } from '../../../tiles/domain/planning';
import { formatNumber, useI18n } from '../i18n';
import { parseMinutes, thresholdOf } from './model';

export function TypePicker({ ptype, onType }: { ptype: ServiceType; onType(type: ServiceType): void }) {
  const { t, lang } = useI18n();
  const type = SERVICE_TYPE[ptype];
  const circle = LIFE_CIRCLE[type.circle];
  return (
    <div className="type-picker">
      <label className="field">
        <span className="muted small">{t('planning.facilityType')}</span>
        <select value={ptype} onChange={(e) => onType(e.target.value as ServiceType)} data-testid="ptype">
          {LIFE_CIRCLES.map((c) => (
            <optgroup key={c} label={t('planning.circleGroup', { circle: LIFE_CIRCLE[c][lang], distance: LIFE_CIRCLE[c].distance[lang] })}>
              {SERVICE_TYPES.filter((id) => SERVICE_TYPE[id].circle === c).map((id) => (
                <option key={id} value={id}>
                  {SERVICE_TYPE[id][lang]} · {TARGET_GROUP[SERVICE_TYPE[id].target][lang]}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <p className="type-facts small" data-testid="ptype-facts">
        <i className="swatch" style={{ background: `rgb(${type.color.join(',')})` }} aria-hidden />
        {t('planning.typeFacts', { circle: circle[lang], distance: circle.distance[lang], group: TARGET_GROUP[type.target][lang], unit: CAPACITY_UNIT[type.unit][lang] })}
      </p>
    </div>
  );
}

const PRESETS = [5, 10, 15] as const;

/**
 * The walking minutes: the standard circle (null), a preset, or custom. Give it `key={minutes}` so that the
 * custom field starts from the address again when the address changes (back, forward, a link).
 */
export function MinutesPicker({ ptype, minutes, onMinutes }: { ptype: ServiceType; minutes: number | null; onMinutes(minutes: number | null): void }) {
  const { t, lang } = useI18n();
  const custom = minutes !== null && !(PRESETS as readonly number[]).includes(minutes);
  const [customOpen, setCustomOpen] = useState(custom);
  const [text, setText] = useState(custom ? String(minutes) : '');
  const [bad, setBad] = useState(false);
  const threshold = thresholdOf(ptype, minutes);
  const apply = () => {
    const m = parseMinutes(text);
    setBad(m === null);
    if (m !== null) onMinutes(m);
  };
  return (
    <div className="minutes-picker">
      <div className="segmented" role="group" aria-label={t('planning.minutes')}>
        <button className={minutes === null ? 'on' : ''} aria-pressed={minutes === null} onClick={() => { setCustomOpen(false); onMinutes(null); }} data-testid="minutes-standard">
          {t('planning.minutesStandard', { n: SERVICE_TYPE[ptype].circle })}
        </button>
        {PRESETS.map((m) => (
          <button key={m} className={minutes === m ? 'on' : ''} aria-pressed={minutes === m} onClick={() => { setCustomOpen(false); onMinutes(m); }} data-testid={`minutes-${m}`}>
            {t('planning.minutesN', { n: m })}
          </button>
        ))}
        <button className={custom || customOpen ? 'on' : ''} aria-pressed={custom || customOpen} aria-expanded={customOpen} onClick={() => setCustomOpen(!customOpen)} data-testid="minutes-custom">
          {t('planning.minutesCustom')}
        </button>
      </div>
      {customOpen && (
        <form
          className="custom-minutes"
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
          <input
            type="number"
            min={PLANNING_MINUTES.min}
            max={PLANNING_MINUTES.max}
            step={1}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-label={t('planning.minutesCustomLabel')}
            aria-invalid={bad}
            placeholder={`${PLANNING_MINUTES.min}–${PLANNING_MINUTES.max}`}
            data-testid="minutes-custom-input"
          />
          <button type="submit" data-testid="minutes-custom-apply">{t('planning.minutesApply')}</button>
          {bad && <span className="error-text small" role="alert">{t('planning.badMinutes')}</span>}
        </form>
      )}
      <span className="muted small" data-testid="threshold">
        {threshold.standard
          ? t('planning.thresholdStandard', { minutes: threshold.minutes, metres: formatNumber(threshold.metres, lang) })
          : t('planning.threshold', { minutes: threshold.minutes, metres: formatNumber(threshold.metres, lang), speed: WALK_M_PER_MIN })}
      </span>
    </div>
  );
}
