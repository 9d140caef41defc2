/**
 * A wall display signing in over HTTP as its page does: the display token exchanged for a session cookie
 * (auth.displayLogin, a POST with the CSRF header like any other). Shared by the API suites; not a test file.
 */
import { anonymousSession, baseUrl, type HttpSession } from '../helpers';

/** The token of a display's URL (`/wall?token=…`). */
export function tokenOf(url: string): string {
  const token = new URL(url, 'http://wall.invalid').searchParams.get('token');
  if (!token) throw new Error(`no token in ${url}`);
  return token;
}

/** POST auth.displayLogin from a fresh browser-like session: the response, its body and the cookies it leaves. */
export async function displayLogin(token: string, base = baseUrl()): Promise<{ res: Response; body: unknown; session: HttpSession }> {
  const anon = await anonymousSession(base);
  const res = await fetch(`${base}/trpc/auth.displayLogin`, {
    method: 'POST',
    headers: { ...anon.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  const body: unknown = await res.json();
  const jar = new Map(anon.cookie.split('; ').filter(Boolean).map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)] as [string, string]));
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
  }
  const cookie = [...jar].filter(([, v]) => v !== '').map(([k, v]) => `${k}=${v}`).join('; ');
  const csrf = jar.get('cb_csrf') ?? '';
  return { res, body, session: { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } } };
}

/** A display's signed-in session; throws with the server's answer when refused. */
export async function displaySignIn(token: string, base = baseUrl()): Promise<HttpSession> {
  const { res, body, session } = await displayLogin(token, base);
  if (!res.ok) throw new Error(`displayLogin failed: ${res.status} ${JSON.stringify(body)}`);
  return session;
}
