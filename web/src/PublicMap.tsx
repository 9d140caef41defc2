/**
 * The public map (公众地图): no account, only the public layers of the registry (areas, roads, parking,
 * facilities), which carry no personal data. The server refuses the scoped layers without a session anyway.
 */
import { useMemo, useState, useSyncExternalStore } from 'react';
import { useQuery } from '@tanstack/react-query';
import { prewarm } from 'maplibre-gl';
import { LAYERS, type LayerId } from '../../tiles/layers';
import { errorMessage, trpc } from './api';
import { useI18n } from './i18n';
import { MapView } from './map/MapView';
import { LayerPanel } from './panels/LayerPanel';
import { tileActivity } from './map/tile-fetch';

const PUBLIC_LAYERS = LAYERS.filter((l) => l.access === 'public').map((l) => l.id) as LayerId[];
const PADDING = { left: 30, right: 300, top: 70, bottom: 30 };
/** The first frame drawn with every tile of the view (maplibre's `load`): `npm run bench` times it. */
const markFirstPaint = () => performance.mark('first-map-paint');

// maplibre's tile workers start now (MapView has set where their script is), while the session and the map's
// configuration are asked for, rather than once the map is made.
prewarm();

export function PublicMap({ onLang }: { onLang(): void }) {
  const { t } = useI18n();
  const config = useQuery({ queryKey: ['config'], queryFn: () => trpc.system.config.query(), staleTime: Infinity });
  const [layers, setLayers] = useState<LayerId[]>(PUBLIC_LAYERS);
  const [collapsed, setCollapsed] = useState(false);
  const tiles = useSyncExternalStore(tileActivity.subscribe, tileActivity.get);
  const visible = useMemo(() => new Set(layers), [layers]);
  const toggle = (id: LayerId) => setLayers(layers.includes(id) ? layers.filter((l) => l !== id) : [...layers, id]);
  return (
    <div className="app" data-testid="public-map">
      {config.isSuccess && (
        <MapView styleUrl={config.data.mapStyleUrl} area={undefined} building={undefined} visible={visible} onSelect={() => {}} onReady={markFirstPaint} onMoving={() => {}} onError={() => {}} padding={PADDING} />
      )}
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden>◎</span>
          <strong>{t('appTitle')}</strong>
          <span className="subtitle">{t('publicMap')}</span>
        </div>
        <span className="muted breadcrumb">{t('publicMapHint')}</span>
        <nav className="rp-map-links" aria-label={t('pub.linkNav')}>
          <a className="link" href="?view=report" data-testid="public-report">{t('pub.linkReport')}</a>
          <a className="link" href="?view=track" data-testid="public-track">{t('pub.linkTrack')}</a>
        </nav>
        <button className="lang" onClick={onLang} data-testid="lang">{t('languageSwitch')}</button>
        <a className="link" href="./" data-testid="public-sign-in">{t('signIn')}</a>
      </header>
      <div className={`progress ${tiles.pending > 0 ? 'on' : ''}`} role="progressbar" aria-hidden={tiles.pending === 0}><span /></div>
      <aside className="right">
        <LayerPanel visible={visible} onToggle={toggle} collapsed={collapsed} onCollapse={setCollapsed} publicOnly />
      </aside>
      {config.isError && <div className="toast" role="alert">{errorMessage(config.error)}</div>}
      {tiles.error && <div className="toast" role="alert">{t('tileError', { message: tiles.error })}</div>}
    </div>
  );
}
