/**
 * The sub-areas' coverage: name, target-group people, covered, rate (coloured red low → green high) and, under a
 * scenario, the change in covered people. Sortable by any column (the header is a button: click or Enter); a
 * name drills down.
 */
import { useMemo, useState } from 'react';
import { formatNumber, useI18n, type MessageKey } from '../i18n';
import { css } from '../metrics/format';
import type { CoverageRow } from './client';
import { formatDelta, formatRate, rateColour, sortCoverageRows, type RowKey, type SortDir } from './model';

interface Props {
  rows: readonly CoverageRow[];
  /** Whether a scenario is compared (the delta column). */
  scenario: boolean;
  onDrill(code: string): void;
}

const HEADERS: Record<RowKey, MessageKey> = {
  name: 'planning.areaColumn',
  population: 'planning.populationColumn',
  covered: 'planning.coveredColumn',
  rate: 'planning.rateColumn',
  delta: 'planning.deltaColumn',
};

export function CoverageTable({ rows, scenario, onDrill }: Props) {
  const { t, lang } = useI18n();
  const [sort, setSort] = useState<{ key: RowKey; dir: SortDir }>({ key: 'rate', dir: 'asc' });
  const columns: RowKey[] = scenario ? ['name', 'population', 'covered', 'rate', 'delta'] : ['name', 'population', 'covered', 'rate'];
  // Leaving a scenario while sorted by its change: back to the rates, worst first.
  const key = !scenario && sort.key === 'delta' ? 'rate' : sort.key;
  const dir = key === sort.key ? sort.dir : 'asc';
  const sorted = useMemo(() => sortCoverageRows(rows, key, dir, lang), [rows, key, dir, lang]);
  const toggle = (k: RowKey) => setSort((s) => (s.key === k ? { key: k, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key: k, dir: k === 'name' || k === 'rate' ? 'asc' : 'desc' }));

  return (
    <div className="table-scroll">
      <table className="table kpi-table coverage-table" data-testid="coverage-table">
        <caption className="sr-only">{t('planning.subAreas')}</caption>
        <thead>
          <tr>
            {columns.map((k) => {
              const on = key === k;
              const name = t(HEADERS[k]);
              return (
                <th key={k} className={k === 'name' ? '' : 'num'} scope="col" aria-sort={on ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
                  <button className="sort" onClick={() => toggle(k)} title={t('planning.sortBy', { name })} data-testid={`coverage-sort-${k}`}>
                    {name}
                    <span className="sort-mark" aria-hidden>{on ? (dir === 'asc' ? '▲' : '▼') : '↕'}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => {
            const colour = rateColour(r.rate);
            return (
              <tr key={r.code} data-code={r.code}>
                <th scope="row" className="name">
                  <button className="link" onClick={() => onDrill(r.code)} title={r.code} data-testid={`coverage-name-${r.code}`}>
                    {r.name}
                  </button>
                </th>
                <td className="num" data-value={r.population}>{formatNumber(r.population, lang)}</td>
                <td className="num" data-value={r.covered}>{formatNumber(r.covered, lang)}</td>
                <td className="num chosen" data-value={r.rate ?? ''} style={colour ? { background: css(colour, 0.3) } : undefined}>
                  {formatRate(r.rate)}
                </td>
                {scenario && (
                  <td className={`num delta ${(r.delta ?? 0) > 0 ? 'gained' : (r.delta ?? 0) < 0 ? 'lost' : ''}`} data-value={r.delta ?? ''}>
                    {r.delta === undefined ? '—' : formatDelta(r.delta, lang)}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
