/**
 * /wall — the command-centre wall (指挥大屏). Opened with a display's URL (`/wall?token=…`) it signs the screen
 * in without a password (auth.displayLogin), keeps the token on this screen only (for signing in again after the
 * session ends) and drops it from the address bar. A signed-in member of staff who opens /wall sees a preview of
 * their own scope. A revoked or unknown display says so and tries again every minute, so that a display an
 * administrator re-creates for this screen comes back without anyone touching it.
 */
import { useCallback, useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage, isUnauthorized, trpc } from '../api';
import { useI18n } from '../i18n';
import { WallScreen } from './WallScreen';

const TOKEN_KEY = 'cb_wall_token';
/** How often a revoked or unreachable screen tries again. */
const RETRY_MS = 60_000;
/** How often the wall asks for its configuration (a revocation blanks it within this, or the live stream's check). */
const CONFIG_MS = 30_000;

/** The token from the address (then removed from it), or the one this screen keeps. */
function takeToken(): { token: string | null; fresh: boolean } {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    try {
      localStorage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // Private mode: the session cookie still signs the screen in until it ends.
    }
    return { token: fromUrl, fresh: true };
  }
  try {
    return { token: localStorage.getItem(TOKEN_KEY), fresh: false };
  } catch {
    return { token: null, fresh: false };
  }
}

/**
 * Read once, when this page's script loads: a render React throws away (Suspense) must not find the address
 * already cleaned and mistake a fresh token for a kept one.
 */
const TOKEN = takeToken();

/** The display token exchanged for a session: ready, revoked (or unknown), or the server out of reach. */
async function exchange(token: string): Promise<Gate> {
  try {
    await trpc.auth.displayLogin.mutate({ token });
    return { state: 'ready' };
  } catch (err) {
    return isUnauthorized(err) ? { state: 'revoked' } : { state: 'unreachable', message: errorMessage(err) };
  }
}

type Gate = { state: 'signing-in' } | { state: 'ready' } | { state: 'revoked' } | { state: 'unreachable'; message: string } | { state: 'not-a-display' };

export function WallPage({ onLang }: { onLang(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { token, fresh } = TOKEN;
  const [gate, setGate] = useState<Gate>({ state: fresh ? 'signing-in' : 'ready' });
  const [attempt, setAttempt] = useState(0);

  // Signs in with the kept token; the answer decides what the screen shows.
  const signIn = useCallback(() => {
    if (!token) return;
    void exchange(token).then((next) => {
      if (next.state === 'ready') queryClient.clear();
      setGate(next);
    });
  }, [token, queryClient]);

  // A fresh token signs in at once (it may replace another display's session on this screen).
  useEffect(() => {
    if (gate.state === 'signing-in') signIn();
  }, [gate.state, signIn]);

  // Revoked or unreachable: try again slowly, by itself.
  useEffect(() => {
    if (gate.state !== 'revoked' && gate.state !== 'unreachable') return;
    const timer = setTimeout(() => {
      setAttempt((a) => a + 1);
      signIn();
    }, RETRY_MS);
    return () => clearTimeout(timer);
  }, [gate, attempt, signIn]);

  const config = useQuery({
    queryKey: ['wall', 'config'],
    queryFn: () => trpc.wall.config.query(),
    enabled: gate.state === 'ready',
    refetchInterval: CONFIG_MS,
    refetchIntervalInBackground: true,
    retry: (count, err) => count < 2 && !isUnauthorized(err),
  });

  // The session ended (revoked, expired): sign in again with the kept token; without one this is no display.
  const ended = gate.state === 'ready' && config.error !== null && isUnauthorized(config.error);
  useEffect(() => {
    if (ended) signIn();
  }, [ended, signIn]);

  const { refetch } = config;
  const onSessionEnded = useCallback(() => {
    void refetch();
  }, [refetch]);

  const shown: Gate['state'] = ended ? (token ? 'signing-in' : 'not-a-display') : gate.state;
  if (shown === 'revoked' || shown === 'not-a-display') {
    return (
      <div className="wall-blank" data-testid="wall-revoked" data-reason={shown} role="alert">
        <h1>{t(shown === 'revoked' ? 'wall.revoked' : 'wall.notDisplay')}</h1>
        <p>{t(shown === 'revoked' ? 'wall.revokedHint' : 'wall.notDisplayHint')}</p>
        {shown === 'revoked' && <p className="wall-retry">{t('wall.retrying')}</p>}
      </div>
    );
  }
  if (gate.state === 'unreachable' && shown === 'unreachable') {
    return (
      <div className="wall-blank" data-testid="wall-unreachable" role="alert">
        <h1>{t('wall.unreachable')}</h1>
        <p>{gate.message}</p>
        <p className="wall-retry">{t('wall.retrying')}</p>
      </div>
    );
  }
  if (shown === 'signing-in' || (config.isLoading && !config.data)) {
    return (
      <div className="wall-blank" data-testid="wall-loading">
        <h1>{t('appTitle')}</h1>
        <p>{t('wall.starting')}</p>
      </div>
    );
  }
  if (!config.data) {
    return (
      <div className="wall-blank" data-testid="wall-unreachable" role="alert">
        <h1>{t('wall.unreachable')}</h1>
        <p>{errorMessage(config.error)}</p>
        <p className="wall-retry">{t('wall.retrying')}</p>
      </div>
    );
  }
  return <WallScreen config={config.data} onLang={onLang} onSessionEnded={onSessionEnded} />;
}
