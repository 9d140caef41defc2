/**
 * The session gate: who is signed in decides what the dashboard shows. No session → the login page;
 * a session that ends while working (logout elsewhere, expiry) → back to the login page with a notice.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage, isUnauthorized, trpc } from './api';
import { I18nContext, translator, type Lang } from './i18n';
import { parseUrl } from './url-state';
import { LoginPage } from './auth/LoginPage';
import { App } from './App';
import { PublicMap } from './PublicMap';
import { ReportPage } from './public/ReportPage';
import { TrackPage } from './public/TrackPage';

export function Root() {
  const queryClient = useQueryClient();
  const [lang, setLang] = useState<Lang>(() => parseUrl(window.location.search).lang);
  const i18n = useMemo(() => ({ lang, t: translator(lang) }), [lang]);
  const me = useQuery({ queryKey: ['me'], queryFn: () => trpc.auth.me.query(), staleTime: 60_000, retry: 1 });
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

  const toggleLang = useCallback(() => {
    const next = lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('citybrain.lang', next);
    setLang(next);
  }, [lang]);

  // Residents' pages (随手拍, tracking) are for everyone, signed in or not: they need no session to draw.
  const view = new URLSearchParams(window.location.search).get('view');
  if (view === 'report' || view === 'track') {
    const Page = view === 'report' ? ReportPage : TrackPage;
    return (
      <I18nContext.Provider value={i18n}>
        <Page lang={lang} onLang={toggleLang} signedIn={Boolean(me.data)} />
      </I18nContext.Provider>
    );
  }
  if (me.isLoading) return <div className="boot">{i18n.t('loading')}</div>;
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
        {new URLSearchParams(window.location.search).get('view') === 'public' ? (
          <PublicMap onLang={toggleLang} />
        ) : (
          <LoginPage notice={expired ? i18n.t('sessionExpired') : null} onLang={toggleLang} />
        )}
      </I18nContext.Provider>
    );
  }
  return <App key={me.data.id} me={me.data} />;
}
