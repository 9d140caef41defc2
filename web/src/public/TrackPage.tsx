/**
 * The tracking page (查询办理进度): a report's place in the closed loop, its history in China time, the photo,
 * the place on a map, and — once closed — the reporter's rating (1–2 stars send it back for handling).
 * `?view=track&no=R…` opens a report; without `no` the page asks for the number. It refreshes every 30 s.
 */
import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Lang } from '../i18n';
import { copyText, getJson, normalizeTrackingNo, postJson, statusOf, TRACKING_NO, type Tracking } from './http';
import { actionLabel, formatChinaTime, formatClock, formatShortChinaTime, LOOP_STATUSES, publicT, RATING_LABELS, statusLabel, statusNote } from './public-i18n';
import { PlaceMap } from './PlaceMap';
import { PublicLayout, type PublicPageProps } from './PublicLayout';

const REFRESH_MS = 30_000;

/** An unknown or malformed number stays so: only a lost connection or a server hiccup is worth another try. */
const permanent = (err: unknown) => {
  const status = statusOf(err);
  return status !== null && status >= 400 && status < 500;
};

function numberFromUrl(): string | null {
  const no = new URLSearchParams(window.location.search).get('no');
  return no ? normalizeTrackingNo(no) : null;
}

export function TrackPage(props: PublicPageProps) {
  const { lang } = props;
  const t = publicT(lang);
  const [no, setNo] = useState<string | null>(numberFromUrl);

  useEffect(() => {
    const onPop = () => setNo(numberFromUrl());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const open = (next: string) => {
    const p = new URLSearchParams(window.location.search);
    p.set('view', 'track');
    p.set('no', next);
    if (next !== no) window.history.pushState(null, '', `?${p.toString()}`);
    setNo(next);
  };

  return (
    <PublicLayout {...props} current="track" title={t('trackTitle')}>
      <LookupForm key={`lookup-${no ?? ''}`} lang={lang} initial={no ?? ''} onLookup={open} compact={Boolean(no)} />
      {no && (TRACKING_NO.test(no) ? <Report key={`report-${no}`} lang={lang} no={no} /> : <p className="rp-card rp-callout rp-callout-error" role="alert" data-testid="track-error">{t('trackInvalid')}</p>)}
    </PublicLayout>
  );
}

function LookupForm({ lang, initial, onLookup, compact }: { lang: Lang; initial: string; onLookup(no: string): void; compact: boolean }) {
  const t = publicT(lang);
  const id = useId();
  const [value, setValue] = useState(initial);
  const [invalid, setInvalid] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const no = normalizeTrackingNo(value);
    if (!TRACKING_NO.test(no)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setValue(no);
    onLookup(no);
  };
  return (
    <form className={`rp-card rp-lookup ${compact ? 'rp-lookup-compact' : ''}`} onSubmit={submit} noValidate role="search" aria-labelledby={`${id}-title`}>
      {compact ? (
        <h2 id={`${id}-title`} className="rp-sr">
          {t('trackTitle')}
        </h2>
      ) : (
        <>
          <h1 id={`${id}-title`}>{t('trackTitle')}</h1>
          <p className="rp-intro">{t('trackIntro')}</p>
        </>
      )}
      <label htmlFor={`${id}-no`} className={compact ? 'rp-sr' : undefined}>
        {t('trackLabel')}
      </label>
      <div className="rp-row rp-lookup-row">
        <input
          id={`${id}-no`}
          type="text"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder={t('trackPlaceholder')}
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          maxLength={20}
          aria-invalid={invalid}
          aria-describedby={invalid ? `${id}-error` : undefined}
          autoFocus={!compact}
          data-testid="track-input"
        />
        <button type="submit" className="rp-button rp-button-primary" data-testid="track-submit">
          {t('trackButton')}
        </button>
      </div>
      {invalid && (
        <p className="rp-field-error" id={`${id}-error`} role="alert">
          {t('trackInvalid')}
        </p>
      )}
      {!compact && (
        <p className="rp-hint">
          {t('trackNoNumber')} <a href="?view=report">{t('trackGoReport')}</a>
        </p>
      )}
    </form>
  );
}

function Report({ lang, no }: { lang: Lang; no: string }) {
  const t = publicT(lang);
  const report = useQuery({
    queryKey: ['public-report', no],
    queryFn: ({ signal }) => getJson<Tracking>(`/api/reports/${encodeURIComponent(no)}`, signal),
    // Every 30 s while there is a report to follow; an unknown number is not asked for again and again.
    refetchInterval: (q) => (q.state.data ? REFRESH_MS : false),
    retry: (count, err) => count < 2 && !permanent(err),
  });

  if (report.isPending) {
    return (
      <div className="rp-card rp-loading-card" role="status" aria-live="polite">
        <span className="rp-spinner" aria-hidden />
        {t('trackLoading')}
      </div>
    );
  }
  // A failed refresh keeps the report on screen (with a word about it); only a first failure replaces it.
  if (!report.data) {
    const status = statusOf(report.error);
    return (
      <div className="rp-card rp-callout rp-callout-error" role="alert" data-testid="track-error">
        <p>{status === 404 ? t('trackNotFound', { no }) : status === 400 ? t('trackInvalid') : t('trackError', { message: (report.error as Error).message })}</p>
        {status !== 404 && status !== 400 && (
          <button type="button" className="rp-button rp-button-small" onClick={() => report.refetch()}>
            {lang === 'zh' ? '重试' : 'Retry'}
          </button>
        )}
      </div>
    );
  }
  return (
    <TrackingView
      lang={lang}
      tracking={report.data}
      refreshedAt={report.dataUpdatedAt}
      refreshing={report.isFetching}
      refreshError={report.isError ? (report.error as Error).message : null}
      onRefresh={() => report.refetch()}
    />
  );
}

function TrackingView({ lang, tracking: r, refreshedAt, refreshing, refreshError, onRefresh }: { lang: Lang; tracking: Tracking; refreshedAt: number; refreshing: boolean; refreshError: string | null; onRefresh(): void }) {
  const t = publicT(lang);
  const [copied, setCopied] = useState(false);
  const overdue = r.open && r.expectedAt !== null && new Date(r.expectedAt).getTime() < Date.now();
  const typeName = lang === 'zh' ? r.typeName : r.typeNameEn || r.typeName;
  const tone = r.status === 'closed' ? 'ok' : r.status === 'rejected' ? 'bad' : r.status === 'merged' ? 'neutral' : 'active';
  const steps = [...r.steps].reverse();
  return (
    <>
      <section className="rp-card rp-summary" aria-labelledby="rp-summary-title">
        <div className="rp-summary-head">
          <div>
            <p className="rp-eyebrow">
              {t('trackingNo')}{' '}
              <span className="rp-mono" data-testid="track-no">
                {r.trackingNo}
              </span>{' '}
              <button
                type="button"
                className="rp-link-button"
                onClick={async () => {
                  setCopied(await copyText(r.trackingNo));
                }}
              >
                {copied ? t('copied') : t('copy')}
              </button>
            </p>
            <h1 id="rp-summary-title">{typeName}</h1>
          </div>
          <div className={`rp-status rp-status-${tone}`}>
            <span className="rp-status-caption">{t('statusNow')}</span>
            <strong>{statusLabel(r.status, lang)}</strong>
            <span className="rp-sr" data-testid="track-status" data-status={r.status}>
              {r.status}
            </span>
          </div>
        </div>
        {r.status === 'rejected' ? (
          <p className="rp-callout rp-callout-error">{t('rejectedNotice')}</p>
        ) : r.status === 'merged' ? (
          <p className="rp-callout">{t('mergedNotice')}</p>
        ) : (
          <p className="rp-status-note">{statusNote(r.status, lang)}</p>
        )}
        <Stepper lang={lang} status={r.status} steps={r.steps} />
        <dl className="rp-facts">
          <div>
            <dt>{t('caseNo')}</dt>
            <dd className="rp-mono">{r.caseNo}</dd>
          </div>
          <div>
            <dt>{t('reportedAt')}</dt>
            <dd>{formatChinaTime(r.reportedAt, lang)}</dd>
          </div>
          <div>
            <dt>{t('updatedAt')}</dt>
            <dd>{formatChinaTime(r.updatedAt, lang)}</dd>
          </div>
          {r.open && r.expectedAt && (
            <div>
              <dt>{t('expectedAt')}</dt>
              <dd data-testid="track-expected">
                {formatChinaTime(r.expectedAt, lang)}
                {overdue && <span className="rp-overdue"> · {t('overdue')}</span>}
              </dd>
            </div>
          )}
        </dl>
        <div className="rp-refresh" aria-live="polite">
          <span className="rp-muted">
            {refreshError ? t('refreshFailed', { message: refreshError }) : t('autoRefresh', { time: formatClock(refreshedAt, lang) })} · {t('chinaTime')}
          </span>
          <button type="button" className="rp-button rp-button-small" onClick={onRefresh} disabled={refreshing} data-testid="track-refresh">
            {refreshing ? t('refreshing') : t('refresh')}
          </button>
        </div>
      </section>

      <RatingCard lang={lang} tracking={r} />

      <div className="rp-grid">
        <section className="rp-card" aria-labelledby="rp-timeline-title">
          <h2 id="rp-timeline-title">{t('timeline')}</h2>
          {steps.length === 0 ? (
            <p className="rp-muted">{t('timelineEmpty')}</p>
          ) : (
            <ol className="rp-timeline" data-testid="track-steps">
              {steps.map((s, i) => (
                <li key={`${s.at}-${s.action}-${i}`} className={i === 0 ? 'rp-latest' : undefined} data-action={s.action}>
                  <div className="rp-timeline-head">
                    <strong>{actionLabel(s.action, lang)}</strong>
                    <time dateTime={s.at}>{formatChinaTime(s.at, lang)}</time>
                  </div>
                  <div className="rp-timeline-status">{statusLabel(s.toStatus, lang)}</div>
                  {s.note && <p className="rp-timeline-note">{s.note}</p>}
                </li>
              ))}
            </ol>
          )}
        </section>

        <section className="rp-card" aria-labelledby="rp-report-title">
          <h2 id="rp-report-title">{t('yourReport')}</h2>
          <p className="rp-description" data-testid="track-description">
            {r.description}
          </p>
          {r.photo && (
            <figure className="rp-track-photo">
              <a href={`/api/reports/${encodeURIComponent(r.trackingNo)}/photo`} target="_blank" rel="noopener">
                <img src={`/api/reports/${encodeURIComponent(r.trackingNo)}/photo`} alt={`${t('photoLabel')} · ${t('photoOpen')}`} loading="lazy" data-testid="track-photo" />
              </a>
              <figcaption className="rp-hint">{t('photoOpen')}</figcaption>
            </figure>
          )}
          <h3>{t('locationLabel')}</h3>
          {r.address && <p className="rp-address">{r.address}</p>}
          <PlaceMap lang={lang} point={r.location} label={`${t('locationLabel')}: ${r.address ?? r.location.join(', ')}`} testId="track-map" zoom={15} />
        </section>
      </div>
    </>
  );
}

/** The closed loop as a stepper; a rejected or merged report leaves it after the first step. */
function Stepper({ lang, status, steps }: { lang: Lang; status: string; steps: Tracking['steps'] }) {
  const t = publicT(lang);
  const offLoop = status === 'rejected' || status === 'merged';
  const current = offLoop ? 0 : Math.max(0, (LOOP_STATUSES as readonly string[]).indexOf(status));
  const reachedAt = (s: string) => steps.findLast((step) => step.toStatus === s)?.at;
  const items = offLoop ? [LOOP_STATUSES[0], status] : [...LOOP_STATUSES];
  return (
    <ol className={`rp-stepper ${offLoop ? 'rp-stepper-off' : ''}`} aria-label={t('progress')} data-testid="track-stepper">
      {items.map((s, i) => {
        const state = offLoop ? (i === 0 ? 'done' : 'stopped') : i < current ? 'done' : i === current ? (status === 'closed' ? 'done' : 'current') : 'todo';
        const at = state !== 'todo' ? reachedAt(s) : undefined;
        return (
          <li key={s} className={`rp-step rp-step-${state}`} aria-current={(offLoop ? i === 1 : i === current) ? 'step' : undefined} data-step={s}>
            <span className="rp-step-dot" aria-hidden>
              {state === 'done' ? '✓' : state === 'stopped' ? '✕' : i + 1}
            </span>
            <span className="rp-step-label">{statusLabel(s, lang)}</span>
            {at && (
              <time className="rp-step-time" dateTime={at}>
                {formatShortChinaTime(at, lang)}
              </time>
            )}
          </li>
        );
      })}
    </ol>
  );
}

function RatingCard({ lang, tracking }: { lang: Lang; tracking: Tracking }) {
  const t = publicT(lang);
  const id = useId();
  const queryClient = useQueryClient();
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const [needStars, setNeedStars] = useState(false);
  // The rating given on this page: a bad one reopens the case, which then carries no rating, so remember it
  // (for as long as no later rating step appears) to say what happened.
  const [given, setGiven] = useState<{ stars: number; rateSteps: number } | null>(null);
  const rateSteps = tracking.steps.filter((s) => s.action === 'rate').length;
  const rate = useMutation({
    mutationFn: (v: { rating: number; comment?: string }) => postJson<Tracking>(`/api/reports/${encodeURIComponent(tracking.trackingNo)}/rating`, v),
    onSuccess: (updated, v) => {
      setGiven({ stars: v.rating, rateSteps: updated.steps.filter((s) => s.action === 'rate').length });
      setStars(0);
      setComment('');
      queryClient.setQueryData(['public-report', tracking.trackingNo], updated);
    },
  });

  const fresh = given && given.rateSteps === rateSteps ? given.stars : null;
  const shown = tracking.rating ?? fresh;
  if (!tracking.canRate) {
    if (shown === null) return null;
    const reopened = fresh !== null && fresh <= 2 && tracking.rating === null;
    return (
      <section className={`rp-card rp-rated ${reopened ? 'rp-rated-reopened' : ''}`} aria-labelledby={`${id}-rated`} aria-live="polite">
        <h2 id={`${id}-rated`}>{t('rated')}</h2>
        <p className="rp-stars-static" data-testid="track-rating" data-rating={shown}>
          <span className="rp-stars-glyphs" aria-hidden>
            {'★'.repeat(shown)}
            <span className="rp-star-empty">{'★'.repeat(5 - shown)}</span>
          </span>{' '}
          <span>
            {shown} / 5 · {RATING_LABELS[lang][shown - 1]}
          </span>
        </p>
        {reopened ? (
          <p className="rp-callout rp-callout-warn" role="status" data-testid="track-reopened">
            {t('reopened', { n: fresh! })}
          </p>
        ) : (
          fresh !== null && <p className="rp-muted">{t('rateThanks')}</p>
        )}
      </section>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (rate.isPending) return;
    if (!stars) {
      setNeedStars(true);
      return;
    }
    setNeedStars(false);
    rate.mutate({ rating: stars, ...(comment.trim() ? { comment: comment.trim() } : {}) });
  };
  const onKey = (e: KeyboardEvent, n: number) => {
    // Arrow keys move through the stars, as in any radio group.
    const next = e.key === 'ArrowRight' || e.key === 'ArrowUp' ? Math.min(5, n + 1) : e.key === 'ArrowLeft' || e.key === 'ArrowDown' ? Math.max(1, n - 1) : null;
    if (next === null) return;
    e.preventDefault();
    setStars(next);
    setNeedStars(false);
    document.getElementById(`${id}-star-${next}`)?.focus();
  };
  return (
    <form className="rp-card rp-rate" onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="track-rate">
      <h2 id={`${id}-title`}>{t('rateTitle')}</h2>
      <p className="rp-hint">{t('rateIntro')}</p>
      <div className="rp-stars" role="radiogroup" aria-label={t('rateStars')} aria-describedby={needStars ? `${id}-need` : undefined}>
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            id={`${id}-star-${n}`}
            type="button"
            role="radio"
            aria-checked={stars === n}
            aria-label={t('rateStar', { n, label: RATING_LABELS[lang][n - 1] })}
            tabIndex={stars === n || (stars === 0 && n === 1) ? 0 : -1}
            className={`rp-star ${n <= stars ? 'rp-star-on' : ''}`}
            onClick={() => {
              setStars(n);
              setNeedStars(false);
            }}
            onKeyDown={(e) => onKey(e, n)}
            data-testid={`track-rate-${n}`}
          >
            ★
          </button>
        ))}
        <span className="rp-star-text" aria-hidden>
          {stars ? RATING_LABELS[lang][stars - 1] : ''}
        </span>
      </div>
      {needStars && (
        <p className="rp-field-error" id={`${id}-need`} role="alert">
          {t('ratePick')}
        </p>
      )}
      {stars > 0 && stars <= 2 && <p className="rp-callout rp-callout-warn">{t('rateLowWarning')}</p>}
      <label htmlFor={`${id}-comment`}>{t('rateComment')}</label>
      <textarea id={`${id}-comment`} value={comment} onChange={(e) => setComment(e.target.value)} rows={3} maxLength={500} placeholder={t('rateCommentPlaceholder')} data-testid="track-rate-comment" />
      {rate.isError && (
        <p className="rp-callout rp-callout-error" role="alert" data-testid="track-rate-error">
          {t('rateError', { message: (rate.error as Error).message })}
        </p>
      )}
      <button type="submit" className="rp-button rp-button-primary" disabled={rate.isPending} aria-busy={rate.isPending} data-testid="track-rate-submit">
        {rate.isPending ? t('rateSubmitting') : t('rateSubmit')}
      </button>
    </form>
  );
}

