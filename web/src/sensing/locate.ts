/**
 * Cards of things on the map (device, camera) show their thing once loaded: from a link, the alarm list or a
 * building. `onLocate` must be stable (useCallback): it changes only when the map becomes ready, and a card
 * opened from a link before that locates its thing then.
 */
import { useEffect, useRef } from 'react';

export function useLocateOnce(thing: { id: number; center: [number, number] } | undefined, onLocate?: (at: [number, number]) => void) {
  // Once per thing and map, not again as the thing's data refreshes: what was last located, and with what.
  const located = useRef<{ id: number | undefined; onLocate: typeof onLocate } | null>(null);
  useEffect(() => {
    const last = located.current;
    if (last && last.id === thing?.id && last.onLocate === onLocate) return;
    located.current = { id: thing?.id, onLocate };
    if (thing) onLocate?.(thing.center);
  }, [thing, onLocate]);
}
