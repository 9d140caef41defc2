import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage, trpc } from '../api';
import { useI18n } from '../i18n';

const DEMO = ['demo-district', 'demo-street', 'demo-grid', 'demo-leader', 'demo-dept', 'demo-planner', 'demo-auditor', 'demo-admin', 'demo-street2'];

/** Password sign-in. The session lives in an HttpOnly cookie; the form never stores the password. */
export function LoginPage({ notice, onLang }: { notice?: string | null; onLang(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => trpc.auth.login.mutate({ username, password }),
    onSuccess: async () => {
      setPassword('');
      await queryClient.resetQueries();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (login.isPending) return;
    // The dashboard's script comes while the password is checked.
    void import('../App');
    login.mutate();
  };
  return (
    <div className="login-page">
      <button className="lang login-lang" onClick={onLang} data-testid="lang">
        {t('languageSwitch')}
      </button>
      <form className="panel login" onSubmit={submit} data-testid="login-form" aria-labelledby="login-title">
        <div className="brand">
          <span className="logo" aria-hidden>◎</span>
          <strong id="login-title">{t('loginTitle')}</strong>
        </div>
        <p className="muted">{t('loginSubtitle')}</p>
        {notice && <p className="notice">{notice}</p>}
        <label>
          {t('username')}
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus required maxLength={40} list="demo-accounts" />
          <datalist id="demo-accounts">{DEMO.map((d) => <option key={d} value={d} />)}</datalist>
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required maxLength={200} />
        </label>
        {login.isError && (
          <p className="error-text" role="alert" data-testid="login-error">
            {errorMessage(login.error)}
          </p>
        )}
        <button type="submit" className="primary" disabled={login.isPending} data-testid="login-submit">
          {login.isPending ? t('signingIn') : t('signIn')}
        </button>
        <p className="muted small">{t('demoAccounts')}: {DEMO.slice(0, 3).join(', ')} …</p>
        <a className="link" href="?view=public" data-testid="open-public-map">{t('openPublicMap')}</a>
        <p className="row" style={{ justifyContent: 'flex-start', gap: 16, margin: 0 }}>
          <a className="link" href="?view=report" data-testid="open-report">{t('pub.linkReport')}</a>
          <a className="link" href="?view=track" data-testid="open-track">{t('pub.linkTrack')}</a>
        </p>
      </form>
    </div>
  );
}
