/**
 * The live case feed: one incident.live subscription (SSE) for the signed-in scope. It keeps the latest
 * changes for the feed and the map's pulse, counts them so the incidents tiles can be reloaded, and says
 * whether it is connected. On a dropped connection the client reconnects with the last change id and the
 * server sends what was missed.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CaseChange } from '../../../api/cases/changes';
import { trpc } from '../api';
import type { Pulse } from '../map/deck-layers';

export type LiveChange = CaseChange & { receivedAt: number };
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'error';

const KEEP = 60;

export function useLiveChanges(enabled: boolean) {
  const [changes, setChanges] = useState<LiveChange[]>([]);
  const [state, setState] = useState<LiveState>('connecting');
  // Since when the connection is in its state (a wall shows a stale banner when it has been down a while).
  const [since, setSince] = useState(() => Date.now());
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
    let current: LiveState = 'connecting';
    const move = (next: LiveState) => {
      if (next === current) return;
      current = next;
      setState(next);
      setSince(Date.now());
    };
    const sub = trpc.incident.live.subscribe(
      { backlog: 30 },
      {
        onStarted: () => move('live'),
        onData: (event) => {
          const data = (event as { data?: unknown }).data ?? event;
          const d = data as { kind: string; position?: number; changes?: CaseChange[] };
          move('live');
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
          move('error');
          setError(err.message);
        },
        onConnectionStateChange: (s) => {
          if (s.state === 'connecting' && s.error) move('reconnecting');
          else if (s.state === 'pending') move('live');
        },
      },
    );
    return () => sub.unsubscribe();
  }, [enabled]);

  return { changes, state, since, error, version };
}

/** How long a changed case pulses on the map (ms). */
const PULSE_MS = 12_000;

/** The map's pulses for the changes just received, aged on a clock that only runs while some are young. */
export function usePulses(changes: readonly LiveChange[]): Pulse[] {
  const [clock, setClock] = useState(() => Date.now());
  const young = changes.some((c) => clock - c.receivedAt < PULSE_MS);
  useEffect(() => {
    if (!young && changes.every((c) => Date.now() - c.receivedAt >= PULSE_MS)) return;
    const timer = setInterval(() => setClock(Date.now()), 80);
    return () => clearInterval(timer);
  }, [young, changes]);
  return useMemo<Pulse[]>(
    () =>
      changes
        .filter((c) => clock - c.receivedAt < PULSE_MS)
        .map((c) => ({ id: c.id, incidentId: c.incidentId, position: [c.lng, c.lat], status: c.status, age: ((clock - c.receivedAt) % 3000) / 3000 })),
    [changes, clock],
  );
}
