import type { AreaDetail, BuildingDetail } from '../api';
import { label, useI18n } from '../i18n';

/** 福州市 › 鼓楼区 › 东街街道 › 军门社区 › building: every step above the current one goes back up. */
export function Breadcrumb({ area, building, onArea }: { area: AreaDetail | undefined; building: BuildingDetail | undefined; onArea(code: string): void }) {
  const { t } = useI18n();
  if (!area) return <nav className="breadcrumb" data-testid="breadcrumb" aria-label="breadcrumb" />;
  const steps = [...area.ancestors, { code: area.code, name: area.name }];
  return (
    <nav className="breadcrumb" data-testid="breadcrumb" aria-label="breadcrumb">
      {steps.map((s, i) => {
        const last = i === steps.length - 1 && !building;
        return (
          <span key={s.code}>
            {i > 0 && <span className="sep">›</span>}
            {last ? <span aria-current="page">{s.name}</span> : <button onClick={() => onArea(s.code)}>{s.name}</button>}
          </span>
        );
      })}
      {building && (
        <span>
          <span className="sep">›</span>
          <span aria-current="page">{building.name ?? `${label(t, 'level', 'building')} ${building.doorplate}`}</span>
        </span>
      )}
    </nav>
  );
}
