/**
 * The cases behind a count of the metrics screen, exactly: incident.list with the `metric` filter (its total is
 * the count that was clicked), paged, newest first. A click on a case opens the case drawer.
 */
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CaseMeasure } from '../../../tiles/domain/metrics';
import { errorMessage, trpc } from '../api';
import { formatChinaTime, formatNumber, label, useI18n } from '../i18n';
import { measureLabel } from './format';
import { periodText, type Period } from './period';

/** Which cases: a measure of an area (and unit) over a period, and the count the user clicked. */
export interface CaseSelection {
  areaCode: string;
  areaName: string;
  measure: CaseMeasure;
  period: Period;
  departmentCode?: string;
  unitName?: string;
  count: number;
}

const PAGE = 20;

export function CaseList({ selection, onClose, onCase }: { selection: CaseSelection; onClose(): void; onCase(id: number): void }) {
  const { t, lang } = useI18n();
  const [page, setPage] = useState(0);
  const { areaCode, measure, period, departmentCode } = selection;
  const input = {
    areaCode,
    metric: { measure, from: period.from, to: period.to, ...(departmentCode ? { departmentCode } : {}) },
    limit: PAGE,
    offset: page * PAGE,
  };
  const list = useQuery({
    queryKey: ['metric-cases', input],
    queryFn: () => trpc.incident.list.query(input),
    placeholderData: keepPreviousData,
  });
  const total = list.data?.total;
  const what = measureLabel(measure, t);
  const subtitle = selection.unitName
    ? t('metrics.casesOfUnit', { area: selection.areaName, unit: selection.unitName, what, period: periodText(period, lang) })
    : t('metrics.casesOf', { area: selection.areaName, what, period: periodText(period, lang) });

  return (
    <section className="panel metrics-cases" aria-label={t('metrics.cases')} aria-busy={list.isFetching} data-testid="metric-cases">
      <div className="row">
        <h2>
          {t('metrics.cases')} <small data-testid="metric-cases-total" data-total={total ?? ''}>{total === undefined ? '' : t('total', { n: formatNumber(total, lang) })}</small>
        </h2>
        <button className="icon" aria-label={t('close')} onClick={onClose} data-testid="metric-cases-close">
          ✕
        </button>
      </div>
      <p className="muted small">{subtitle}</p>
      {list.isError && (
        <p className="error-text" role="alert">
          {errorMessage(list.error)} <button onClick={() => list.refetch()}>{t('retry')}</button>
        </p>
      )}
      {list.isLoading && <p className="empty">{t('loading')}</p>}
      {list.data && (
        <div className="table-scroll">
          <table className="table case-table">
            <thead>
              <tr>
                <th scope="col">{t('metrics.caseNo')}</th>
                <th scope="col">{t('metrics.caseType')}</th>
                <th scope="col">{t('metrics.caseStatus')}</th>
                <th scope="col">{t('metrics.caseReportedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.length === 0 && (
                <tr>
                  <td colSpan={4} className="empty">{t('noCases')}</td>
                </tr>
              )}
              {list.data.items.map((c) => (
                <tr key={c.id} className={c.sla?.overdue ? 'overdue' : ''}>
                  <td>
                    <button className="link" onClick={() => onCase(c.id)} data-case={c.id}>
                      {c.caseNo}
                    </button>
                  </td>
                  <td>{lang === 'zh' ? c.typeName : c.typeNameEn}</td>
                  <td>
                    <span className={`chip s-${c.status}`}>{label(t, 'status', c.status)}</span>
                  </td>
                  <td className="when">{formatChinaTime(c.reportedAt, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && list.data.total > PAGE && (
        <div className="row pager">
          <button disabled={page === 0} onClick={() => setPage(page - 1)} data-testid="metric-cases-prev">{t('prev')}</button>
          <span className="muted">{t('pageOf', { from: page * PAGE + 1, to: Math.min((page + 1) * PAGE, list.data.total), total: list.data.total })}</span>
          <button disabled={(page + 1) * PAGE >= list.data.total} onClick={() => setPage(page + 1)} data-testid="metric-cases-next">{t('next')}</button>
        </div>
      )}
    </section>
  );
}
