/** The exports: coverage (Excel, CSV), gap cells, the isochrones drawn and the scenario's edits, as plain links. */
import { useI18n } from '../i18n';
import type { exportLinks } from './model';

export function ExportMenu({ links }: { links: ReturnType<typeof exportLinks> }) {
  const { t } = useI18n();
  return (
    <details className="export-menu" data-testid="planning-exports">
      <summary className="button">{t('planning.exports')} ▾</summary>
      <ul>
        <li><a className="button" href={links.coverageXlsx} download data-testid="export-coverage-xlsx">{t('planning.exportCoverageXlsx')}</a></li>
        <li><a className="button" href={links.coverageCsv} download data-testid="export-coverage-csv">{t('planning.exportCoverageCsv')}</a></li>
        <li><a className="button" href={links.gapsGeojson} download data-testid="export-gaps">{t('planning.exportGaps')}</a></li>
        {links.isochroneGeojson && <li><a className="button" href={links.isochroneGeojson} download data-testid="export-isochrone">{t('planning.exportIsochrone')}</a></li>}
        {links.scenarioGeojson && <li><a className="button" href={links.scenarioGeojson} download data-testid="export-scenario">{t('planning.exportScenario')}</a></li>}
      </ul>
    </details>
  );
}
