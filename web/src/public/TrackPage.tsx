/**
 * The tracking page (查询办理进度): a report's place in the closed loop, its history in China time, the place on
 * a map, and for its reporter the photo they sent and — once closed — the rating (1–2 stars send it back for
 * handling). `?view=track&no=R…` opens a report for anyone; `&token=…` (the receipt's link, or the token kept on
 * this device) opens it as its reporter. Without `no` the page asks for the number. It refreshes every 30 s.
 */
import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { LOOP_STATUSES } from '../../../tiles/domain/cases';
import { formatChinaTime, formatClock, formatShortChinaTime, label, ratingLabel, residentStatus, residentStatusNote, useI18n } from '../i18n';
import { copyText, getJson, normalizeTrackingNo, postJson, rememberedReportToken, statusOf, TRACKING_NO, type Tracking } from './http';
import { LazyPlaceMap } from './LazyPlaceMap';

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

/** The reporter's token for a report: the link's, else the one kept on this device when it was reported. */
function tokenFor(no: string): string | null {
  const p = new URLSearchParams(window.location.search);
  const fromUrl = p.get('token');
  return fromUrl && p.get('no') && normalizeTrackingNo(p.get('no')!) === no ? fromUrl : rememberedReportToken(no);
}

/** The page inside the residents' frame (PublicLayout). */
export function TrackPage() {
  const { t } = useI18n();
  const [no, setNo] = useState<string | null>(numberFromUrl);

  useEffect(() => {
    const onPop = () => setNo(numberFromUrl());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const open = (next: string) => {
    const p = new URLSearchParams(window.location.search);
    p.set('view', 'track');
    if (next !== no) p.delete('token'); // the token is another report's
    p.set('no', next);
    if (next !== no) window.history.pushState(null, '', `?${p.toString()}`);
    setNo(next);
  };

  return (
    <>
      <LookupForm key={`lookup-${no ?? ''}`} initial={no ?? ''} onLookup={open} compact={Boolean(no)} />
      {no && (TRACKING_NO.test(no) ? <Report key={`report-${no}`} no={no} /> : <p className="rp-card rp-callout rp-callout-error" role="alert" data-testid="track-error">{t('pub.trackInvalid')}</p>)}
    </>
  );
}

function LookupForm({ initial, onLookup, compact }: { initial: string; onLookup(no: string): void; compact: boolean }) {
  const { t } = useI18n();
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
          {t('pub.trackTitle')}
        </h2>
      ) : (
        <>
          <h1 id={`${id}-title`}>{t('pub.trackTitle')}</h1>
          <p className="rp-intro">{t('pub.trackIntro')}</p>
        </>
      )}
      <label htmlFor={`${id}-no`} className={compact ? 'rp-sr' : undefined}>
        {t('pub.trackLabel')}
      </label>
      <div className="rp-row rp-lookup-row">
        <input
          id={`${id}-no`}
          type="text"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder={t('pub.trackPlaceholder')}
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
          {t('pub.trackButton')}
        </button>
      </div>
      {invalid && (
        <p className="rp-field-error" id={`${id}-error`} role="alert">
          {t('pub.trackInvalid')}
        </p>
      )}
      {!compact && (
        <p className="rp-hint">
          {t('pub.trackNoNumber')} <a href="?view=report">{t('pub.trackGoReport')}</a>
        </p>
      )}
    </form>
  );
}

function Report({ no }: { no: string }) {
  const { t } = useI18n();
  const [token] = useState(() => tokenFor(no));
  const report = useQuery({
    queryKey: ['public-report', no, token],
    queryFn: ({ signal }) => getJson<Tracking>(`/api/reports/${encodeURIComponent(no)}${token ? `?token=${encodeURIComponent(token)}` : ''}`, signal),
    // Every 30 s while there is a report to follow; an unknown number is not asked for again and again.
    refetchInterval: (q) => (q.state.data ? REFRESH_MS : false),
    retry: (count, err) => count < 2 && !permanent(err),
  });

  if (report.isPending) {
    return (
      <div className="rp-card rp-loading-card" role="status" aria-live="polite">
        <span className="rp-spinner" aria-hidden />
        {t('pub.trackLoading')}
      </div>
    );
  }
  // A failed refresh keeps the report on screen (with a word about it); only a first failure replaces it.
  if (!report.data) {
    const status = statusOf(report.error);
    return (
      <div className="rp-card rp-callout rp-callout-error" role="alert" data-testid="track-error">
        <p>{status === 404 ? t('pub.trackNotFound', { no }) : status === 400 ? t('pub.trackInvalid') : t('pub.trackError', { message: (report.error as Error).message })}</p>
        {status !== 404 && status !== 400 && (
          <button type="button" className="rp-button rp-button-small" onClick={() => report.refetch()}>
            {t('retry')}
          </button>
        )}
      </div>
    );
  }
  return (
    <TrackingView
      tracking={report.data}
      token={token}
      refreshedAt={report.dataUpdatedAt}
      refreshing={report.isFetching}
      refreshError={report.isError ? (report.error as Error).message : null}
      onRefresh={() => report.refetch()}
    />
  );
}

function TrackingView({ tracking: r, token, refreshedAt, refreshing, refreshError, onRefresh }: { tracking: Tracking; token: string | null; refreshedAt: number; refreshing: boolean; refreshError: string | null; onRefresh(): void }) {
  const { t, lang } = useI18n();
  const [copied, setCopied] = useState(false);
  // Overdue as of the last refresh (every 30 s), which is when the page last looked.
  const overdue = r.open && r.expectedAt !== null && new Date(r.expectedAt).getTime() < refreshedAt;
  const typeName = lang === 'zh' ? r.typeName : r.typeNameEn || r.typeName;
  const tone = r.status === 'closed' ? 'ok' : r.status === 'rejected' ? 'bad' : r.status === 'merged' ? 'neutral' : 'active';
  const steps = [...r.steps].reverse();
  return (
    <>
      <section className="rp-card rp-summary" aria-labelledby="rp-summary-title">
        <div className="rp-summary-head">
          <div>
            <p className="rp-eyebrow">
              {t('pub.trackingNo')}{' '}
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
                {copied ? t('pub.copied') : t('pub.copy')}
              </button>
            </p>
            <h1 id="rp-summary-title">{typeName}</h1>
          </div>
          <div className={`rp-status rp-status-${tone}`}>
            <span className="rp-status-caption">{t('pub.statusNow')}</span>
            <strong>{residentStatus(t, r.status)}</strong>
            <span className="rp-sr" data-testid="track-status" data-status={r.status}>
              {r.status}
            </span>
          </div>
        </div>
        {r.status === 'rejected' ? (
          <p className="rp-callout rp-callout-error">{t('pub.rejectedNotice')}</p>
        ) : r.status === 'merged' ? (
          <p className="rp-callout">{t('pub.mergedNotice')}</p>
        ) : (
          <p className="rp-status-note">{residentStatusNote(t, r.status)}</p>
        )}
        <Stepper status={r.status} steps={r.steps} />
        <dl className="rp-facts">
          <div>
            <dt>{t('pub.caseNo')}</dt>
            <dd className="rp-mono">{r.caseNo}</dd>
          </div>
          <div>
            <dt>{t('pub.reportedAt')}</dt>
            <dd>{formatChinaTime(r.reportedAt, lang)}</dd>
          </div>
          <div>
            <dt>{t('pub.updatedAt')}</dt>
            <dd>{formatChinaTime(r.updatedAt, lang)}</dd>
          </div>
          {r.open && r.expectedAt && (
            <div>
              <dt>{t('pub.expectedAt')}</dt>
              <dd data-testid="track-expected">
                {formatChinaTime(r.expectedAt, lang)}
                {overdue && <span className="rp-overdue"> · {t('pub.overdue')}</span>}
              </dd>
            </div>
          )}
        </dl>
        <div className="rp-refresh" aria-live="polite">
          <span className="rp-muted">
            {refreshError ? t('pub.refreshFailed', { message: refreshError }) : t('pub.autoRefresh', { time: formatClock(refreshedAt, lang) })} · {t('pub.chinaTime')}
          </span>
          <button type="button" className="rp-button rp-button-small" onClick={onRefresh} disabled={refreshing} data-testid="track-refresh">
            {refreshing ? t('pub.refreshing') : t('pub.refresh')}
          </button>
        </div>
      </section>

      <RatingCard tracking={r} token={token} />

      <div className="rp-grid">
        <section className="rp-card" aria-labelledby="rp-timeline-title">
          <h2 id="rp-timeline-title">{t('pub.timeline')}</h2>
          {steps.length === 0 ? (
            <p className="rp-muted">{t('pub.timelineEmpty')}</p>
          ) : (
            <ol className="rp-timeline" data-testid="track-steps">
              {steps.map((s, i) => (
                <li key={`${s.at}-${s.action}-${i}`} className={i === 0 ? 'rp-latest' : undefined} data-action={s.action}>
                  <div className="rp-timeline-head">
                    <strong>{label(t, 'pub.action', s.action)}</strong>
                    <time dateTime={s.at}>{formatChinaTime(s.at, lang)}</time>
                  </div>
                  <div className="rp-timeline-status">{residentStatus(t, s.toStatus)}</div>
                  {s.note && <p className="rp-timeline-note">{s.note}</p>}
                </li>
              ))}
            </ol>
          )}
        </section>

        <section className="rp-card" aria-labelledby="rp-report-title">
          <h2 id="rp-report-title">{t('pub.yourReport')}</h2>
          <p className="rp-description" data-testid="track-description">
            {r.description}
          </p>
          {r.photo && token && (
            <figure className="rp-track-photo">
              <a href={photoUrl(r.trackingNo, token)} target="_blank" rel="noopener noreferrer">
                <img src={photoUrl(r.trackingNo, token)} alt={`${t('pub.photoLabel')} · ${t('pub.photoOpen')}`} loading="lazy" data-testid="track-photo" />
              </a>
              <figcaption className="rp-hint">{t('pub.photoOpen')}</figcaption>
            </figure>
          )}
          <h3>{t('pub.locationLabel')}</h3>
          {r.address && <p className="rp-address">{r.address}</p>}
          <LazyPlaceMap point={r.location} label={`${t('pub.locationLabel')}: ${r.address ?? r.location.join(', ')}`} testId="track-map" zoom={15} />
        </section>
      </div>
    </>
  );
}

/** The reporter's photo: shown only with the report's token. */
const photoUrl = (no: string, token: string) => `/api/reports/${encodeURIComponent(no)}/photo?token=${encodeURIComponent(token)}`;

/** The closed loop as a stepper; a rejected or merged report leaves it after the first step. */
function Stepper({ status, steps }: { status: string; steps: Tracking['steps'] }) {
  const { t, lang } = useI18n();
  const offLoop = status === 'rejected' || status === 'merged';
  const current = offLoop ? 0 : Math.max(0, (LOOP_STATUSES as readonly string[]).indexOf(status));
  const reachedAt = (s: string) => steps.findLast((step) => step.toStatus === s)?.at;
  const items = offLoop ? [LOOP_STATUSES[0], status] : [...LOOP_STATUSES];
  return (
    <ol className={`rp-stepper ${offLoop ? 'rp-stepper-off' : ''}`} aria-label={t('pub.progress')} data-testid="track-stepper">
      {items.map((s, i) => {
        const state = offLoop ? (i === 0 ? 'done' : 'stopped') : i < current ? 'done' : i === current ? (status === 'closed' ? 'done' : 'current') : 'todo';
        const at = state !== 'todo' ? reachedAt(s) : undefined;
        return (
          <li key={s} className={`rp-step rp-step-${state}`} aria-current={(offLoop ? i === 1 : i === current) ? 'step' : undefined} data-step={s}>
            <span className="rp-step-dot" aria-hidden>
              {state === 'done' ? '✓' : state === 'stopped' ? '✕' : i + 1}
            </span>
            <span className="rp-step-label">{residentStatus(t, s)}</span>
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

function RatingCard({ tracking, token }: { tracking: Tracking; token: string | null }) {
  const { t } = useI18n();
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
    mutationFn: (v: { rating: number; comment?: string }) => postJson<Tracking>(`/api/reports/${encodeURIComponent(tracking.trackingNo)}/rating`, { ...v, token }),
    onSuccess: (updated, v) => {
      setGiven({ stars: v.rating, rateSteps: updated.steps.filter((s) => s.action === 'rate').length });
      setStars(0);
      setComment('');
      queryClient.setQueryData(['public-report', tracking.trackingNo, token], updated);
    },
  });

  const fresh = given && given.rateSteps === rateSteps ? given.stars : null;
  const shown = tracking.rating ?? fresh;
  if (!tracking.canRate) {
    if (shown === null) {
      // Closed and waiting for its rating, opened without the reporter's link.
      if (tracking.status === 'closed' && !tracking.reporter) {
        return (
          <p className="rp-card rp-callout" data-testid="track-rate-needs-link">
            {t('pub.rateNeedsLink')}
          </p>
        );
      }
      return null;
    }
    const reopened = fresh !== null && fresh <= 2 && tracking.rating === null;
    return (
      <section className={`rp-card rp-rated ${reopened ? 'rp-rated-reopened' : ''}`} aria-labelledby={`${id}-rated`} aria-live="polite">
        <h2 id={`${id}-rated`}>{t('pub.rated')}</h2>
        <p className="rp-stars-static" data-testid="track-rating" data-rating={shown}>
          <span className="rp-stars-glyphs" aria-hidden>
            {'★'.repeat(shown)}
            <span className="rp-star-empty">{'★'.repeat(5 - shown)}</span>
          </span>{' '}
          <span>
            {shown} / 5 · {ratingLabel(t, shown)}
          </span>
        </p>
        {reopened ? (
          <p className="rp-callout rp-callout-warn" role="status" data-testid="track-reopened">
            {t('pub.reopened', { n: fresh! })}
          </p>
        ) : (
          fresh !== null && <p className="rp-muted">{t('pub.rateThanks')}</p>
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
      <h2 id={`${id}-title`}>{t('pub.rateTitle')}</h2>
      <p className="rp-hint">{t('pub.rateIntro')}</p>
      <div className="rp-stars" role="radiogroup" aria-label={t('pub.rateStars')} aria-describedby={needStars ? `${id}-need` : undefined}>
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            id={`${id}-star-${n}`}
            type="button"
            role="radio"
            aria-checked={stars === n}
            aria-label={t('pub.rateStar', { n, label: ratingLabel(t, n) })}
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
          {stars ? ratingLabel(t, stars) : ''}
        </span>
      </div>
      {needStars && (
        <p className="rp-field-error" id={`${id}-need`} role="alert">
          {t('pub.ratePick')}
        </p>
      )}
      {stars > 0 && stars <= 2 && <p className="rp-callout rp-callout-warn">{t('pub.rateLowWarning')}</p>}
      <label htmlFor={`${id}-comment`}>{t('pub.rateComment')}</label>
      <textarea id={`${id}-comment`} value={comment} onChange={(e) => setComment(e.target.value)} rows={3} maxLength={500} placeholder={t('pub.rateCommentPlaceholder')} data-testid="track-rate-comment" />
      {rate.isError && (
        <p className="rp-callout rp-callout-error" role="alert" data-testid="track-rate-error">
          {t('pub.rateError', { message: (rate.error as Error).message })}
        </p>
      )}
      <button type="submit" className="rp-button rp-button-primary" disabled={rate.isPending} aria-busy={rate.isPending} data-testid="track-rate-submit">
        {rate.isPending ? t('pub.rateSubmitting') : t('pub.rateSubmit')}
      </button>
    </form>
  );
}

