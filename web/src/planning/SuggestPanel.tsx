/**
 * Where the next k facilities should go: ask for 1–10 sites, see them numbered (on the map too) with the people
 * each newly covers and the rate before → after, show one on the map, or add it to the scenario.
 */
import { useState } from 'react';
import { formatNumber, useI18n } from '../i18n';
import type { SuggestedSite, Suggestion } from './client';
import { formatRate } from './model';

const MAX_ASKED = 10;

interface Props {
  suggestion: Suggestion | undefined;
  loading: boolean;
  error: string | null;
  /** Sites already added to the open scenario (by position). */
  added(site: SuggestedSite): boolean;
  busy: boolean;
  /** Whether the account may add a site to a scenario. */
  canEdit: boolean;
  onAsk(count: number): void;
  onLocate(site: SuggestedSite): void;
  onAdd(site: SuggestedSite, index: number): void;
}

export function SuggestPanel({ suggestion, loading, error, added, busy, canEdit, onAsk, onLocate, onAdd }: Props) {
  const { t, lang } = useI18n();
  const [count, setCount] = useState('3');
  const n = Number(count);
  const valid = Number.isInteger(n) && n >= 1 && n <= MAX_ASKED;
  return (
    <section className="panel suggest-panel" data-testid="suggest-panel">
      <h2>{t('planning.suggestions')}</h2>
      <p className="muted small">{t('planning.suggestHint')}</p>
      <form
        className="suggest-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) onAsk(n);
        }}
      >
        <label className="field inline">
          <span className="muted small">{t('planning.suggestCount')}</span>
          <input type="number" min={1} max={MAX_ASKED} step={1} value={count} onChange={(e) => setCount(e.target.value)} aria-invalid={!valid} data-testid="suggest-count" />
        </label>
        <button type="submit" className="primary" disabled={!valid || loading} data-testid="suggest-ask">{t('planning.suggestAsk')}</button>
      </form>
      {loading && <p className="muted small" role="status">{t('loading')}</p>}
      {error && <p className="error-text small" role="alert" data-testid="suggest-error">{error}</p>}
      {suggestion && !loading && (
        suggestion.sites.length === 0 ? (
          <p className="empty" data-testid="suggest-empty">{t('planning.noSuggestions')}</p>
        ) : (
          <>
            <p className="suggest-summary" data-testid="suggest-summary">
              {t('planning.suggestBeforeAfter', { before: formatRate(suggestion.before.rate), after: formatRate(suggestion.after.rate) })}
              <span className="muted small"> · {t('planning.gainLong', { n: formatNumber(suggestion.after.covered - suggestion.before.covered, lang) })}</span>
            </p>
            <ol className="suggest-list" data-testid="suggest-list">
              {suggestion.sites.map((s, i) => {
                const done = added(s);
                return (
                  <li key={`${s.lng},${s.lat}`} data-testid={`suggestion-${i}`} data-gain={s.gain}>
                    <span className="num-badge" aria-hidden>{i + 1}</span>
                    <span className="site">
                      <strong>{s.name ?? t('planning.site', { n: i + 1 })}</strong>
                      <small className="muted"> · {t(`planning.source_${s.source}`)}</small>
                      <br />
                      <span className="gained">{t('planning.gainLong', { n: formatNumber(s.gain, lang) })}</span>
                    </span>
                    <span className="site-actions">
                      <button className="link" onClick={() => onLocate(s)} data-testid={`suggestion-locate-${i}`}>{t('planning.locate')}</button>
                      {canEdit && (
                        <button onClick={() => onAdd(s, i)} disabled={busy || done} data-testid={`suggestion-add-${i}`}>
                          {done ? '✓' : t('planning.addToScenario')}
                        </button>
                      )}
                    </span>
                  </li>
                );
              })}
            </ol>
            <p className="muted small" title={suggestion.method}>
              {t('planning.suggestMethod', { n: formatNumber(suggestion.candidates, lang), method: /^maximal covering/i.test(suggestion.method) ? t('planning.methodMclp') : suggestion.method })}
            </p>
          </>
        )
      )}
    </section>
  );
}
