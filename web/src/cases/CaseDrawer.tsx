/**
 * The case drawer: where a case stands (status, level, unit, SLA countdown), what was reported (reporters
 * masked, photos), its timeline, and exactly the actions the signed-in user may take now — each with the
 * input it needs (reason, note, unit, rating, the case to merge into).
 */
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage, trpc, type CaseDetail } from '../api';
import { label, useI18n } from '../i18n';
import { duration } from './CasesPanel';
import { useNow } from './now';

type Action = CaseDetail['allowedActions'][number];
const NEEDS: Partial<Record<Action, 'reason' | 'note' | 'rating' | 'into' | 'unit'>> = {
  reject: 'reason',
  return: 'reason',
  verify_fail: 'reason',
  reopen: 'reason',
  call_up: 'reason',
  report: 'note',
  rate: 'rating',
  merge: 'into',
  dispatch: 'unit',
};

interface Props {
  id: number;
  liveVersion: number;
  onClose(): void;
  onLocate(lngLat: [number, number]): void;
}

export function CaseDrawer({ id, liveVersion, onClose, onLocate }: Props) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const detail = useQuery({ queryKey: ['case', id, liveVersion], queryFn: () => trpc.incident.byId.query({ id }) });
  const c = detail.data;
  const [action, setAction] = useState<Action | null>(null);
  const [text, setText] = useState('');
  const [unit, setUnit] = useState('');
  const [rating, setRating] = useState(5);
  const [into, setInto] = useState<number | null>(null);
  const now = useNow(1000);
  // Another case starts with no action open (state adjusted while rendering, not in an effect afterwards).
  const [shownId, setShownId] = useState(id);
  if (shownId !== id) {
    setShownId(id);
    setAction(null);
    setText('');
  }
  // Show the case on the map as it loads (c?.id changes), not again when a refetch brings the same case.
  const locatedId = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (c?.id === locatedId.current) return;
    locatedId.current = c?.id;
    if (c) onLocate(c.location);
  }, [c, onLocate]);

  const duplicates = useQuery({
    queryKey: ['duplicates', id],
    queryFn: () => trpc.incident.duplicates.query({ id }),
    enabled: action === 'merge',
  });

  const act = useMutation({
    mutationFn: (a: Action) =>
      trpc.incident.act.mutate({
        id,
        version: c!.version,
        action: a,
        reason: NEEDS[a] === 'reason' ? text : undefined,
        note: NEEDS[a] === 'note' ? text : undefined,
        departmentCode: a === 'dispatch' && unit ? unit : undefined,
        rating: a === 'rate' ? rating : undefined,
        intoId: a === 'merge' ? (into ?? undefined) : undefined,
      }),
    onSuccess: () => {
      setAction(null);
      setText('');
      void queryClient.invalidateQueries({ queryKey: ['case', id] });
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
  });

  const start = (a: Action) => {
    act.reset();
    if (!NEEDS[a]) {
      act.mutate(a);
      return;
    }
    setAction(a);
    if (a === 'dispatch') setUnit(c?.units.find((u) => u.suggested)?.code ?? c?.units[0]?.code ?? '');
  };

  // Intake events name their channel, automatic steps 'system', public ratings 'reporter'.
  const actorLabel = (actor: string) => {
    const channel = label(t, 'source', actor);
    return channel !== actor ? channel : label(t, 'actor', actor);
  };
  const dt = (iso: string) => new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  const left = c?.sla ? (Date.parse(c.sla.dueAt) - now) / 60_000 : null;

  return (
    <section className="panel case-drawer" data-testid="case-drawer" aria-busy={detail.isFetching} aria-label={t('caseDetail')}>
      <div className="row">
        <h2>{t('caseDetail')}</h2>
        <button className="icon" onClick={onClose} aria-label={t('close')} title={`${t('close')} (Esc)`}>
          ✕
        </button>
      </div>
      {detail.isError && <p className="error-text" role="alert">{errorMessage(detail.error)}</p>}
      {!c && !detail.isError && <div className="skeleton block" aria-label={t('loading')} />}
      {c && (
        <>
          <div className="case-head">
            <span className={`chip s-${c.status}`} data-testid="case-status" data-status={c.status}>{label(t, 'status', c.status)}</span>
            <strong>{lang === 'zh' ? c.typeName : c.typeNameEn}</strong>
          </div>
          <div className="muted case-no" data-testid="case-no">{c.caseNo} · {label(t, 'source', c.source)} · P{c.priority}</div>
          {c.sla && left !== null && (
            <div className={`sla ${left < 0 ? 'overdue' : left < 60 ? 'soon' : ''}`} data-testid="case-sla">
              <span>{t(`stage_${c.sla.stage}`)}</span>
              <strong>{left < 0 ? t('overdueBy', { d: duration(-left, t) }) : t('dueIn', { d: duration(left, t) })}</strong>
              <small className="muted">{t('dueAt')} {dt(c.sla.dueAt)}{c.sla.limit.calendar === 'working' ? ` · ${t('workingTime')}` : ''}</small>
            </div>
          )}
          <dl className="facts">
            <dt>{t('caseLevel')}</dt>
            <dd>
              {label(t, 'caseLevel', c.level)}
              {c.callUpPending && <span className="chip warn-chip"> {t('callUpPending')}</span>}
            </dd>
            <dt>{t('caseUnit')}</dt>
            <dd>{c.departmentName ?? '—'}</dd>
            <dt>{t('caseReported')}</dt>
            <dd>{dt(c.reportedAt)}</dd>
            {c.rating !== null && (
              <>
                <dt>{t('caseRating')}</dt>
                <dd>{'★'.repeat(c.rating)}{'☆'.repeat(5 - c.rating)}</dd>
              </>
            )}
          </dl>
          <p className="case-desc">{c.description}</p>
          {c.closureCondition && <p className="muted small">{t('closureCondition')}: {c.closureCondition}</p>}
          {c.reporters.length > 0 && (
            <div className="reporters">
              <h3>{t('reporters', { n: c.reporters.length })}</h3>
              {c.reporters.map((r) => (
                <div key={r.trackingNo} className="small">
                  <code>{r.trackingNo}</code> {label(t, 'source', r.channel)} {r.name ?? ''} {r.phone ?? ''}
                </div>
              ))}
            </div>
          )}
          {c.photos.length > 0 && (
            <div className="photos">
              {c.photos.map((p) => (
                <a key={p.id} href={p.url} target="_blank" rel="noreferrer">
                  <img src={p.url} alt={t('photo')} loading="lazy" />
                </a>
              ))}
            </div>
          )}

          {c.allowedActions.length > 0 && (
            <div className="case-actions" data-testid="case-actions">
              {c.allowedActions.map((a) => (
                <button key={a} onClick={() => start(a)} disabled={act.isPending} className={action === a ? 'on' : ''} data-action={a}>
                  {label(t, 'action', a)}
                </button>
              ))}
            </div>
          )}
          {action && (
            <form
              className="act-form"
              onSubmit={(e) => {
                e.preventDefault();
                act.mutate(action);
              }}
            >
              {(NEEDS[action] === 'reason' || NEEDS[action] === 'note') && (
                <textarea
                  autoFocus
                  required
                  minLength={2}
                  maxLength={1000}
                  placeholder={NEEDS[action] === 'note' ? t('notePlaceholder') : t('reasonPlaceholder')}
                  aria-label={NEEDS[action] === 'note' ? t('notePlaceholder') : t('reasonPlaceholder')}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  data-testid="act-text"
                />
              )}
              {NEEDS[action] === 'unit' && (
                <select value={unit} onChange={(e) => setUnit(e.target.value)} aria-label={t('caseUnit')} data-testid="act-unit">
                  {c.units.map((u) => (
                    <option key={u.code} value={u.code}>
                      {lang === 'zh' ? u.name : u.nameEn}
                      {u.suggested ? ` (${t('suggested')})` : ''}
                    </option>
                  ))}
                </select>
              )}
              {NEEDS[action] === 'rating' && (
                <div className="stars" role="radiogroup" aria-label={t('caseRating')}>
                  {[1, 2, 3, 4, 5].map((n) => (
                    <button type="button" key={n} role="radio" aria-checked={rating === n} className={n <= rating ? 'on' : ''} onClick={() => setRating(n)}>
                      ★
                    </button>
                  ))}
                </div>
              )}
              {NEEDS[action] === 'into' && (
                <div className="merge-targets">
                  {duplicates.isFetching && <p className="muted">{t('loading')}</p>}
                  {duplicates.data?.length === 0 && <p className="empty">{t('noDuplicates')}</p>}
                  {duplicates.data?.map((d) => (
                    <label key={d.id} className="check">
                      <input type="radio" name="into" checked={into === d.id} onChange={() => setInto(d.id)} /> {d.caseNo} · {Math.round(d.distanceM)} m · {label(t, 'status', d.status)}
                    </label>
                  ))}
                </div>
              )}
              <div className="row">
                <button type="button" onClick={() => setAction(null)}>{t('cancel')}</button>
                <button type="submit" className="primary" disabled={act.isPending || (action === 'merge' && !into)} data-testid="act-submit">
                  {label(t, 'action', action)}
                </button>
              </div>
            </form>
          )}
          {act.isError && (
            <p className="error-text" role="alert" data-testid="act-error">
              {errorMessage(act.error)}{' '}
              <button className="link" onClick={() => { act.reset(); void detail.refetch(); }}>{t('reload')}</button>
            </p>
          )}

          <h3>{t('timeline')}</h3>
          <ol className="timeline" data-testid="case-timeline">
            {c.events.map((e) => (
              <li key={e.id}>
                <span className="when">{dt(e.at)}</span>
                <span className="what">
                  <b>{label(t, 'action', e.action)}</b> <small className="muted">{actorLabel(e.actor)}</small>
                  {e.note && <span className="note">{e.note}</span>}
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
