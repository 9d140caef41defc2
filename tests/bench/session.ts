/** Sign in over HTTP as a browser does; returns the headers that carry the session. */
export async function signIn(base: string, username: string): Promise<{ headers: Record<string, string>; token: string; csrf: string }> {
  const first = await fetch(`${base}/trpc/auth.me`);
  await first.arrayBuffer();
  const csrf = /cb_csrf=([^;]+)/.exec(first.headers.getSetCookie().join('; '))![1];
  const res = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { cookie: `cb_csrf=${csrf}`, 'x-csrf-token': csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: process.env.DEMO_PASSWORD ?? 'citybrain-demo' }),
  });
  if (!res.ok) throw new Error(`bench: cannot sign in as ${username}: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  const token = cookies.find((c) => c.startsWith('cb_session='))!.slice('cb_session='.length);
  // Writes (POST) send the CSRF cookie's value back in a header, as the dashboard does.
  const renewed = cookies.find((c) => c.startsWith('cb_csrf='))?.slice('cb_csrf='.length);
  if (!renewed) cookies.push(`cb_csrf=${csrf}`);
  return { headers: { cookie: cookies.join('; ') }, token, csrf: renewed ?? csrf };
}
