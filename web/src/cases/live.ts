/**
 * The live case feed: one incident.live subscription (SSE) for the signed-in scope. It keeps the latest
 * changes for the feed and the map's pulse, counts them so the incidents tiles can be reloaded, and says
 * whether it is connected. On a dropped connection the client reconnects with the last change id and the
 * server sends what was missed.
 */
import { useEffect, useRef, useState } from 'react';
import type { CaseChange } from '../../../api/cases/changes';
import { trpc } from '../api';

export type LiveChange = CaseChange & { receivedAt: number };
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'error';

const KEEP = 60;

export function useLiveChanges(enabled: boolean) {
  const [changes, setChanges] = useState<LiveChange[]>([]);
  const [state, setState] = useState<LiveState>('connecting');
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const pending = useRef(false);
  // Subscribing anew starts as 'connecting' (state adjusted while rendering, not in the effect below).
  const [wasEnabled, setWasEnabled] = useState(enabled);
  if (wasEnabled !== enabled) {
    setWasEnabled(enabled);
    if (enabled) setState('connecting');
  }

  useEffect(() => {
    if (!enabled) return;
    // Changes up to the greeting's position are the backlog (the feed's first screen): they do not pulse.
    let position = Infinity;
    const sub = trpc.incident.live.subscribe(
      { backlog: 30 },
      {
        onStarted: () => setState('live'),
        onData: (event) => {
          const data = (event as { data?: unknown }).data ?? event;
          const d = data as { kind: string; position?: number; changes?: CaseChange[] };
          setState('live');
          if (d.kind === 'ready') position = Math.min(position, d.position ?? Infinity);
          if (d.kind !== 'changes' || !d.changes) return;
          const now = Date.now();
          const fresh = d.changes.map((c) => ({ ...c, receivedAt: c.id <= position ? 0 : now }));
          const ids = new Set(fresh.map((c) => c.id));
          setChanges((prev) => [...fresh, ...prev.filter((c) => !ids.has(c.id))].sort((a, b) => b.id - a.id).slice(0, KEEP));
          // Reload the incidents tiles at most every 3 s however fast changes come.
          if (!pending.current) {
            pending.current = true;
            setTimeout(() => {
              pending.current = false;
              setVersion((v) => v + 1);
            }, 3000);
          }
        },
        onError: (err) => {
          setState('error');
          setError(err.message);
        },
        onConnectionStateChange: (s) => {
          if (s.state === 'connecting' && s.error) setState('reconnecting');
          else if (s.state === 'pending') setState('live');
        },
      },
    );
    return () => sub.unsubscribe();
  }, [enabled]);

  return { changes, state, error, version };
}
