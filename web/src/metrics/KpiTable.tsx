/**
 * A ranking table of areas or units by their KPIs: sortable by any column (the header is a button: click or
 * Enter), ranked and coloured by the chosen KPI (best green → worst red), names that drill down, and counts
 * that list their cases. The sub-area ranking and the department ranking are both this table.
 */
import { useMemo, useState } from 'react';
import { KPI, type CaseMeasure, type KpiId } from '../../../tiles/domain/metrics';
import { useI18n } from '../i18n';
import { css, formatKpi, largerFirst, rankColours, ranks, sortRows, type KpiValues, type SortDir } from './format';

export interface KpiRow {
  code: string;
  name: string;
  kpis: KpiValues;
}

interface Props<R extends KpiRow> {
  rows: readonly R[];
  columns: readonly KpiId[];
  /** The KPI the rows are ranked and coloured by. */
  kpi: KpiId;
  nameHeader: string;
  caption: string;
  /** A click on a row's name (drill down); without it names are plain text. */
  onName?(row: R): void;
  /** A click on a count: the cases behind it. */
  onCount(row: R, measure: CaseMeasure, count: number): void;
  testId: string;
}

type SortKey = KpiId | 'name' | 'rank';
const defaultDir = (id: KpiId): SortDir => (largerFirst(id) ? 'desc' : 'asc');

export function KpiTable<R extends KpiRow>({ rows, columns, kpi, nameHeader, caption, onName, onCount, testId }: Props<R>) {
  const { t, lang } = useI18n();
  const [sort, setSort] = useState<{ key: SortKey; dir: SortDir }>({ key: 'rank', dir: 'asc' });
  // Another KPI chosen: rank by it again (state adjusted while rendering, not in an effect afterwards).
  const [sortedFor, setSortedFor] = useState(kpi);
  if (sortedFor !== kpi) {
    setSortedFor(kpi);
    setSort({ key: 'rank', dir: 'asc' });
  }
  const shownColumns = columns.includes(kpi) ? columns : [...columns, kpi];

  const { sorted, rankOf, colourOf } = useMemo(() => {
    const values = rows.map((r) => r.kpis[kpi]);
    const rk = ranks(values, kpi);
    const colours = rankColours(values, kpi);
    const rankOf = new Map(rows.map((r, i) => [r.code, rk[i]]));
    const colourOf = new Map(rows.map((r, i) => [r.code, colours[i]]));
    const sorted =
      sort.key === 'rank'
        ? sortRows(rows, kpi, sort.dir === 'asc' ? defaultDir(kpi) : defaultDir(kpi) === 'asc' ? 'desc' : 'asc', lang)
        : sortRows(rows, sort.key, sort.dir, lang);
    return { sorted, rankOf, colourOf };
  }, [rows, kpi, sort, lang]);

  const toggle = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'name' || key === 'rank' ? 'asc' : defaultDir(key) }));

  const header = (key: SortKey, label: string, className = '') => {
    const on = sort.key === key;
    return (
      <th key={key} className={className} aria-sort={on ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'} scope="col">
        <button className="sort" onClick={() => toggle(key)} title={t('metrics.sortBy', { name: label })} data-testid={`${testId}-sort-${key}`}>
          {label}
          <span className="sort-mark" aria-hidden>{on ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}</span>
        </button>
      </th>
    );
  };

  return (
    <div className="table-scroll">
      <table className="table kpi-table" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {header('rank', t('metrics.rankColumn'), 'num')}
            {header('name', nameHeader)}
            {shownColumns.map((id) => header(id, KPI[id][lang], `num ${id === kpi ? 'chosen' : ''}`))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => {
            const colour = colourOf.get(r.code);
            const rank = rankOf.get(r.code);
            return (
              <tr key={r.code} data-code={r.code}>
                <td className="num rank">
                  <span className="rank-dot" style={colour ? { background: css(colour) } : undefined} />
                  {rank === null || rank === undefined ? '—' : rank + 1}
                </td>
                <th scope="row" className="name">
                  {onName ? (
                    <button className="link" onClick={() => onName(r)} data-testid={`${testId}-name-${r.code}`} title={r.code}>
                      {r.name}
                    </button>
                  ) : (
                    r.name
                  )}
                </th>
                {shownColumns.map((id) => {
                  const value = r.kpis[id];
                  const measure = KPI[id].cases;
                  const chosen = id === kpi;
                  const text = formatKpi(id, value, lang);
                  return (
                    <td key={id} className={`num ${chosen ? 'chosen' : ''}`} style={chosen && colour ? { background: css(colour, 0.32) } : undefined} data-kpi={id} data-value={value ?? ''}>
                      {measure && KPI[id].unit === 'count' && value ? (
                        <button className="count" onClick={() => onCount(r, measure, value)} title={t('metrics.listCases', { n: value })} data-testid={`${testId}-count-${r.code}-${id}`} data-count={value}>
                          {text}
                        </button>
                      ) : (
                        text
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
