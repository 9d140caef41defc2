/**
 * Fetches and decodes vector tiles for deck.gl's MVTLayer, counting the tiles in flight so the dashboard
 * can show progress, and turning the server's error body into a message. Decoding runs on the main
 * thread (`worker: false`): the default worker is fetched from a CDN, which an intranet cannot reach.
 */
import { parse } from '@loaders.gl/core';
import { MVTLoader } from '@loaders.gl/mvt';

type Listener = () => void;
interface TileActivity {
  pending: number;
  error: string | null;
}

let activity: TileActivity = { pending: 0, error: null };
const listeners = new Set<Listener>();
const emit = (patch: Partial<TileActivity>) => {
  activity = { ...activity, ...patch };
  for (const l of listeners) l();
};

export const tileActivity = {
  get: () => activity,
  subscribe(l: Listener) {
    listeners.add(l);
    return () => void listeners.delete(l);
  },
  clearError: () => emit({ error: null }),
};

interface FetchContext {
  signal?: AbortSignal;
  loadOptions?: Record<string, unknown>;
}

export async function fetchTile(url: string, { signal, loadOptions }: FetchContext): Promise<unknown> {
  emit({ pending: activity.pending + 1 });
  try {
    const res = await fetch(url, { signal });
    if (res.status === 204) return [];
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { message?: string } | null;
      throw new Error(body?.message ?? `${res.status} ${res.statusText}`);
    }
    const buffer = await res.arrayBuffer();
    return await parse(buffer, MVTLoader, { ...loadOptions, worker: false });
  } catch (err) {
    if (!signal?.aborted && (err as Error).name !== 'AbortError') emit({ error: `${(err as Error).message} (${new URL(url, location.href).pathname})` });
    throw err;
  } finally {
    emit({ pending: activity.pending - 1 });
  }
}
