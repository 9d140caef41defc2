/** Cards of things on the map (device, camera) show their thing once loaded: from a link, the alarm list or a building. */
import { useEffect } from 'react';

export function useLocateOnce(thing: { id: number; center: [number, number] } | undefined, onLocate?: (at: [number, number]) => void) {
  useEffect(() => {
    if (thing) onLocate?.(thing.center);
    // Once per thing, not again as its data refreshes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [thing?.id]);
}
