/**
 * The frame of the residents' pages: a light, phone-first layout (unlike the dark command-centre screens),
 * with the services' navigation, the 中/EN switch and the hotline in the footer.
 */
import { useEffect, type ReactNode } from 'react';
import type { Lang } from '../i18n';
import { publicT } from './public-i18n';
import './public.css';

export interface PublicPageProps {
  lang: Lang;
  onLang(): void;
  /** Someone is signed in: offer the way back to the dashboard instead of the sign-in link. */
  signedIn: boolean;
}

export function PublicLayout({ lang, onLang, signedIn, current, title, children }: PublicPageProps & { current: 'report' | 'track'; title: string; children: ReactNode }) {
  const t = publicT(lang);
  const brand = t('brand');
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
        {lang === 'zh' ? '跳到正文' : 'Skip to content'}
      </a>
      <header className="rp-header">
        <a className="rp-brand" href="?view=public">
          <span className="rp-logo" aria-hidden>◎</span>
          <strong>{t('brand')}</strong>
          <span className="rp-brand-sub">{t('brandSub')}</span>
        </a>
        <nav className="rp-nav" aria-label={t('mainNav')}>
          <a href="?view=report" aria-current={current === 'report' ? 'page' : undefined} data-testid="nav-report">
            {t('navReport')}
          </a>
          <a href="?view=track" aria-current={current === 'track' ? 'page' : undefined} data-testid="nav-track">
            {t('navTrack')}
          </a>
          <a href="?view=public" className="rp-nav-extra">
            {t('navMap')}
          </a>
          <a href="./" className="rp-nav-extra">
            {signedIn ? t('navDashboard') : t('navSignIn')}
          </a>
        </nav>
        <button type="button" className="rp-lang" onClick={onLang} aria-label={t('langSwitchLabel')} data-testid="lang">
          {t('langSwitch')}
        </button>
      </header>
      <main id="rp-main" className="rp-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="rp-footer">
        <p>{t('footer')}</p>
        <p>
          <a href="?view=public">{t('navMap')}</a> · <a href="./">{signedIn ? t('navDashboard') : t('navSignIn')}</a>
        </p>
      </footer>
    </div>
  );
}
