/**
 * The routes and the session gate. `?view=report` and `?view=track` are the residents' pages, for everyone,
 * signed in or not; otherwise who is signed in decides: no session → the login page (or, with `?view=public`,
 * the public map); a session → the dashboard; a session that ends while working (logout elsewhere, expiry) →
 * back to the login page with a notice.
 * Each route brings its own script (React.lazy), so the residents' phone form does not carry the dashboard's
 * map, charts and deck.gl; main.tsx asks for the one in the address while this one loads.
 */
import { Component, lazy, StrictMode, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage, isUnauthorized, trpc } from './api';
import { I18nContext, initialLang, saveLang, translator, type Lang } from './i18n';
import { PublicLayout, PublicLoading } from './public/PublicLayout';

// The pages, each its own script (main.tsx has already asked for the one in the address).
const LoginPage = lazy(() => import('./auth/LoginPage').then((m) => ({ default: m.LoginPage })));
const PublicMap = lazy(() => import('./PublicMap').then((m) => ({ default: m.PublicMap })));
const App = lazy(() => import('./App').then((m) => ({ default: m.App })));
const ReportPage = lazy(() => import('./public/ReportPage').then((m) => ({ default: m.ReportPage })));
const TrackPage = lazy(() => import('./public/TrackPage').then((m) => ({ default: m.TrackPage })));
const WallPage = lazy(() => import('./wall/WallPage').then((m) => ({ default: m.WallPage })));

const view = new URLSearchParams(window.location.search).get('view');
/** The command-centre wall (/wall): signs itself in with its display token, or previews a signed-in scope. */
const onWall = /^\/wall\/?$/.test(window.location.pathname);

const meQuery = { queryKey: ['me'], queryFn: () => trpc.auth.me.query(), staleTime: 60_000, retry: 1 };
const configQuery = { queryKey: ['config'], queryFn: () => trpc.system.config.query(), staleTime: Infinity };

const client = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // Not-found and bad-request answers will not change on retry; network hiccups may.
      retry: (count, err) => count < 2 && !/NOT_FOUND|BAD_REQUEST|UNAUTHORIZED|FORBIDDEN/.test(String((err as { data?: { code?: string } }).data?.code)),
      refetchOnWindowFocus: false,
    },
  },
});

/** Draws the app into `element` (main.tsx calls it once this script has loaded). */
export function mount(element: HTMLElement) {
  // Asked for now, before the page's script runs (maplibre, deck.gl: a second of work on a slow machine), which
  // would otherwise hold up these requests; the public map needs the map's configuration as well.
  void client.prefetchQuery(meQuery);
  if (view === 'public') void client.prefetchQuery(configQuery);
  createRoot(element).render(
    <StrictMode>
      <QueryClientProvider client={client}>
        <PageFailure>
          <Root />
        </PageFailure>
      </QueryClientProvider>
    </StrictMode>,
  );
}

/** A page that cannot be drawn — its script could not be loaded (offline, or replaced by a new version), or it broke: say so, offer a reload. */
class PageFailure extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  render() {
    if (!this.state.error) return this.props.children;
    const t = translator(initialLang());
    return (
      <div className="fatal" role="alert" data-testid="error">
        <h2>{t('errorTitle')}</h2>
        <p>{this.state.error.message}</p>
        <button onClick={() => window.location.reload()}>{t('retry')}</button>
      </div>
    );
  }
}

export function Root() {
  const queryClient = useQueryClient();
  const [lang, setLang] = useState<Lang>(initialLang);
  const i18n = useMemo(() => ({ lang, t: translator(lang) }), [lang]);
  const me = useQuery(meQuery);
  const [expired, setExpired] = useState(false);

  // Any call answered UNAUTHORIZED means the session is gone: ask who we are again.
  useEffect(() => {
    return queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.query.queryKey[0] !== 'me' && isUnauthorized(event.query.state.error)) {
        setExpired(true);
        void queryClient.invalidateQueries({ queryKey: ['me'] });
      }
    });
  }, [queryClient]);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);

  const toggleLang = useCallback(() => {
    const next = lang === 'zh' ? 'en' : 'zh';
    saveLang(next);
    setLang(next);
  }, [lang]);

  const booting = <div className="boot">{i18n.t('loading')}</div>;

  // Residents' pages (随手拍, tracking) need no session to draw: their frame shows at once, the page as it loads.
  if (view === 'report' || view === 'track') {
    return (
      <I18nContext.Provider value={i18n}>
        <PublicLayout current={view} onLang={toggleLang} signedIn={Boolean(me.data)}>
          <Suspense fallback={<PublicLoading />}>{view === 'report' ? <ReportPage /> : <TrackPage />}</Suspense>
        </PublicLayout>
      </I18nContext.Provider>
    );
  }
  if (onWall) {
    return (
      <I18nContext.Provider value={i18n}>
        <Suspense fallback={booting}>
          <WallPage onLang={toggleLang} />
        </Suspense>
      </I18nContext.Provider>
    );
  }
  if (me.isLoading) return booting;
  if (me.isError) {
    return (
      <I18nContext.Provider value={i18n}>
        <div className="fatal" role="alert" data-testid="error">
          <h2>{i18n.t('errorTitle')}</h2>
          <p>{errorMessage(me.error)}</p>
          <button onClick={() => me.refetch()}>{i18n.t('retry')}</button>
        </div>
      </I18nContext.Provider>
    );
  }
  if (!me.data) {
    return (
      <I18nContext.Provider value={i18n}>
        <Suspense fallback={booting}>
          {view === 'public' ? <PublicMap onLang={toggleLang} /> : <LoginPage notice={expired ? i18n.t('sessionExpired') : null} onLang={toggleLang} />}
        </Suspense>
      </I18nContext.Provider>
    );
  }
  return (
    <Suspense fallback={booting}>
      <App key={me.data.id} me={me.data} />
    </Suspense>
  );
}
