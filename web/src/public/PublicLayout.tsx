/**
 * The frame of the residents' pages: a light, phone-first layout (unlike the dark command-centre screens),
 * with the services' navigation, the 中/EN switch and the hotline in the footer. It draws at once, with the
 * first script; the page inside comes with its own (`PublicLoading` meanwhile).
 */
import { useEffect, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import './public.css';

export interface PublicPageProps {
  onLang(): void;
  /** Someone is signed in: offer the way back to the dashboard instead of the sign-in link. */
  signedIn: boolean;
}

export function PublicLayout({ onLang, signedIn, current, children }: PublicPageProps & { current: 'report' | 'track'; children: ReactNode }) {
  const { t, lang } = useI18n();
  const title = t(current === 'report' ? 'pub.reportTitle' : 'pub.trackTitle');
  const brand = t('pub.brand');
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    const before = document.title;
    document.title = `${title} · ${brand}`;
    return () => {
      document.title = before;
    };
  }, [lang, title, brand]);
  return (
    <div className="rp-page" data-testid={`public-${current}`}>
      <a className="rp-skip" href="#rp-main">
        {t('pub.skipToContent')}
      </a>
      <header className="rp-header">
        <a className="rp-brand" href="?view=public">
          <span className="rp-logo" aria-hidden>◎</span>
          <strong>{t('pub.brand')}</strong>
          <span className="rp-brand-sub">{t('pub.brandSub')}</span>
        </a>
        <nav className="rp-nav" aria-label={t('pub.mainNav')}>
          <a href="?view=report" aria-current={current === 'report' ? 'page' : undefined} data-testid="nav-report">
            {t('pub.navReport')}
          </a>
          <a href="?view=track" aria-current={current === 'track' ? 'page' : undefined} data-testid="nav-track">
            {t('pub.navTrack')}
          </a>
          <a href="?view=public" className="rp-nav-extra">
            {t('pub.navMap')}
          </a>
          <a href="./" className="rp-nav-extra">
            {signedIn ? t('pub.navDashboard') : t('pub.navSignIn')}
          </a>
        </nav>
        <button type="button" className="rp-lang" onClick={onLang} aria-label={t('pub.langSwitchLabel')} data-testid="lang">
          {t('pub.langSwitch')}
        </button>
      </header>
      <main id="rp-main" className="rp-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="rp-footer">
        <p>{t('pub.footer')}</p>
        <p>
          <a href="?view=public">{t('pub.navMap')}</a> · <a href="./">{signedIn ? t('pub.navDashboard') : t('pub.navSignIn')}</a>
        </p>
      </footer>
    </div>
  );
}

/** What a residents' page shows while its script loads. */
export function PublicLoading() {
  const { t } = useI18n();
  return (
    <div className="rp-card rp-loading-card" role="status" aria-live="polite" data-testid="public-loading">
      <span className="rp-spinner" aria-hidden />
      {t('loading')}
    </div>
  );
}
