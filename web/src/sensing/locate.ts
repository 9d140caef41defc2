/**
 * Cards of things on the map (device, camera) show their thing once loaded: from a link, the alarm list or a
 * building. `onLocate` must be stable (useCallback): it changes only when the map becomes ready, and a card
 * opened from a link before that locates its thing then.
 */
import { useEffect } from 'react';

export function useLocateOnce(thing: { id: number; center: [number, number] } | undefined, onLocate?: (at: [number, number]) => void) {
  useEffect(() => {
    if (thing) onLocate?.(thing.center);
    // Once per thing and map, not again as the thing's data refreshes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [thing?.id, onLocate]);
}
