/**
 * Cases of the current area: the live feed (changes as they happen, newest first, new ones flash) and the
 * case list with filters (status, type, source, overdue). A click opens the case drawer.
 */
import { useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { errorMessage, trpc, type CaseSummary } from '../api';
import { label, useI18n } from '../i18n';
import type { LiveChange, LiveState } from './live';
import { useNow } from './now';

const STATUS_FILTERS = ['live', 'reported', 'registered', 'dispatched', 'handling', 'verifying', 'closed'] as const;
const LIVE_STATUSES = ['reported', 'registered', 'dispatched', 'handling', 'verifying'] as const;
const SOURCES = ['hotline_12345', 'snapshot', 'open311', 'patrol', 'video', 'iot'] as const;

interface Props {
  areaCode: string;
  changes: LiveChange[];
  liveState: LiveState;
  liveVersion: number;
  types: { code: string; name: string; nameEn: string }[];
  canCreate: boolean;
  onCase(id: number): void;
  onCreate(): void;
}

export function CasesPanel({ areaCode, changes, liveState, liveVersion, types, canCreate, onCase, onCreate }: Props) {
  const { t, lang } = useI18n();
  const [tab, setTab] = useState<'feed' | 'list'>('feed');
  const [status, setStatus] = useState<(typeof STATUS_FILTERS)[number]>('live');
  const [typeCode, setTypeCode] = useState('');
  const [source, setSource] = useState('');
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(0);
  const PAGE = 20;
  // Changes received in the last 8 s flash (once, when their row appears).
  const now = useNow(1000);

  const input = {
    areaCode,
    status: status === 'live' ? [...LIVE_STATUSES] : [status],
    typeCode: typeCode || undefined,
    source: (source || undefined) as (typeof SOURCES)[number] | undefined,
    overdue: overdue || undefined,
    limit: PAGE,
    offset: page * PAGE,
  };
  const list = useQuery({
    queryKey: ['cases', input, liveVersion],
    queryFn: () => trpc.incident.list.query(input),
    enabled: tab === 'list',
    placeholderData: keepPreviousData,
  });
  const feed = useMemo(() => changes.filter((c) => c.gridCode.startsWith(areaCode)), [changes, areaCode]);
  const typeName = (code: string) => {
    const ty = types.find((x) => x.code === code);
    return ty ? (lang === 'zh' ? ty.name : ty.nameEn) : code;
  };
  const time = (iso: string) => new Date(iso).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit' });

  return (
    <section className="panel cases-panel" data-testid="cases-panel" aria-label={t('casesTitle')}>
      <div className="row">
        <h2>
          {t('casesTitle')}{' '}
          <span className={`live-dot ${liveState}`} data-testid="live-state" data-state={liveState} title={t(`live_${liveState}`)}>
            ● {t(`live_${liveState}`)}
          </span>
        </h2>
        {canCreate && (
          <button onClick={onCreate} data-testid="case-new">
            ＋ {t('caseNew')}
          </button>
        )}
      </div>
      <div className="segmented tabs" role="tablist">
        <button role="tab" aria-selected={tab === 'feed'} className={tab === 'feed' ? 'on' : ''} onClick={() => setTab('feed')} data-testid="tab-feed">
          {t('caseFeed')}
        </button>
        <button role="tab" aria-selected={tab === 'list'} className={tab === 'list' ? 'on' : ''} onClick={() => setTab('list')} data-testid="tab-list">
          {t('caseList')}
        </button>
      </div>

      {tab === 'feed' && (
        <ul className="case-feed" data-testid="case-feed" aria-live="polite">
          {feed.length === 0 && <li className="empty">{liveState === 'live' ? t('feedEmpty') : t('loading')}</li>}
          {feed.map((c) => (
            <li key={c.id} className={now - c.receivedAt < 8000 ? 'fresh' : ''}>
              <button onClick={() => onCase(c.incidentId)} data-case={c.incidentId}>
                <span className="when">{time(c.at)}</span>
                <span className={`chip s-${c.status}`}>{label(t, 'status', c.status)}</span>
                <span className="what">
                  {typeName(c.typeCode)} <small className="muted">{label(t, 'action', c.action)} · {c.caseNo}</small>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}

      {tab === 'list' && (
        <>
          <div className="case-filters">
            <select aria-label={t('filterStatus')} value={status} onChange={(e) => { setStatus(e.target.value as typeof status); setPage(0); }} data-testid="filter-status">
              {STATUS_FILTERS.map((s) => (
                <option key={s} value={s}>{s === 'live' ? t('statusLive') : label(t, 'status', s)}</option>
              ))}
            </select>
            <select aria-label={t('filterType')} value={typeCode} onChange={(e) => { setTypeCode(e.target.value); setPage(0); }} data-testid="filter-type">
              <option value="">{t('allTypes')}</option>
              {types.map((ty) => (
                <option key={ty.code} value={ty.code}>{lang === 'zh' ? ty.name : ty.nameEn}</option>
              ))}
            </select>
            <select aria-label={t('filterSource')} value={source} onChange={(e) => { setSource(e.target.value); setPage(0); }} data-testid="filter-source">
              <option value="">{t('allSources')}</option>
              {SOURCES.map((s) => (
                <option key={s} value={s}>{label(t, 'source', s)}</option>
              ))}
            </select>
            <label className="check">
              <input type="checkbox" checked={overdue} onChange={(e) => { setOverdue(e.target.checked); setPage(0); }} data-testid="filter-overdue" /> {t('overdueOnly')}
            </label>
          </div>
          {list.isError && <p className="error-text" role="alert">{errorMessage(list.error)}</p>}
          <ul className="case-list" data-testid="case-list" aria-busy={list.isFetching}>
            {list.data?.items.length === 0 && <li className="empty">{t('noCases')}</li>}
            {list.data?.items.map((c: CaseSummary) => (
              <li key={c.id}>
                <button onClick={() => onCase(c.id)} data-case={c.id} className={c.sla?.overdue ? 'overdue' : ''}>
                  <span className={`chip s-${c.status}`}>{label(t, 'status', c.status)}</span>
                  <span className="what">
                    {lang === 'zh' ? c.typeName : c.typeNameEn}
                    <small className="muted"> · {c.caseNo}</small>
                  </span>
                  <span className={`due ${c.sla?.overdue ? 'warn' : ''}`}>{c.sla ? (c.sla.overdue ? t('overdueBy', { d: duration(-c.sla.minutesLeft, t) }) : duration(c.sla.minutesLeft, t)) : ''}</span>
                </button>
              </li>
            ))}
          </ul>
          {list.data && list.data.total > PAGE && (
            <div className="row pager">
              <button disabled={page === 0} onClick={() => setPage(page - 1)}>{t('prev')}</button>
              <span className="muted">{t('pageOf', { from: page * PAGE + 1, to: Math.min((page + 1) * PAGE, list.data.total), total: list.data.total })}</span>
              <button disabled={(page + 1) * PAGE >= list.data.total} onClick={() => setPage(page + 1)}>{t('next')}</button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** Minutes as "3天2时", "2时5分" or "12分". */
export function duration(minutes: number, t: ReturnType<typeof useI18n>['t']): string {
  const m = Math.max(0, Math.round(minutes));
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const mm = m % 60;
  if (d > 0) return t('durDH', { d, h });
  if (h > 0) return t('durHM', { h, m: mm });
  return t('durM', { m: mm });
}
