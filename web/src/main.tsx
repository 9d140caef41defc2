/**
 * The entry, kept to a few lines: it asks at once for the script of the page in the address and for the app's
 * frame (Root.tsx, with React), so that the two download side by side instead of one after the other.
 */
// maplibre's stylesheet first, as when the app was one script: styles.css restyles its controls with selectors
// of the same weight, which only win by coming later.
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';

// A table, not a chain of ifs: the minifier would fold the branches into one call with one list of dependencies.
const PAGES: Partial<Record<string, () => Promise<unknown>>> = {
  report: () => import('./public/ReportPage'),
  track: () => import('./public/TrackPage'),
  public: () => import('./PublicMap'),
  wall: () => import('./wall/WallPage'),
};
const view = /^\/wall\/?$/.test(window.location.pathname) ? 'wall' : (new URLSearchParams(window.location.search).get('view') ?? '');
void (PAGES[view] ?? (() => import('./auth/LoginPage')))();

import('./Root').then(
  ({ mount }) => mount(document.getElementById('root')!),
  (err: unknown) => {
    // The page's script could not be had (offline, or a new version replaced it): say so instead of loading forever.
    const boot = document.querySelector('#root .boot');
    if (boot) boot.textContent = `城市大脑无法加载，请刷新页面。City Brain could not load; please reload the page. (${err instanceof Error ? err.message : String(err)})`;
  },
);
