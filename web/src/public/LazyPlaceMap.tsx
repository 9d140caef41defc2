/**
 * The place map, loaded once its place on the page comes near the screen: maplibre is most of a residents' page's
 * weight, and the form works without it (the address box). Until then, the same frame says the map is loading.
 */
import { lazy, Suspense, useEffect, useRef, useState, type Ref } from 'react';
import { useI18n } from '../i18n';
import type { PlaceMapProps } from './PlaceMap';

const PlaceMap = lazy(() => import('./PlaceMap').then((m) => ({ default: m.PlaceMap })));

export function LazyPlaceMap(props: PlaceMapProps) {
  const frame = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    if (near || !frame.current) return;
    const seen = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setNear(true), { rootMargin: '300px' });
    seen.observe(frame.current);
    return () => seen.disconnect();
  }, [near]);
  const loading = <MapLoading {...props} frame={frame} />;
  return near ? <Suspense fallback={loading}><PlaceMap {...props} /></Suspense> : loading;
}

function MapLoading({ label, testId, onPick, frame }: PlaceMapProps & { frame?: Ref<HTMLDivElement> }) {
  const { t } = useI18n();
  return (
    <div className="rp-map-wrap" ref={frame}>
      <div className="rp-map" data-testid={`${testId}-loading`} role="region" aria-label={label} aria-busy>
        <div className="rp-map-status">{t('pub.mapLoading')}</div>
      </div>
      {onPick && (
        <div className="rp-map-tools">
          <button type="button" disabled>
            <span aria-hidden>⊕ </span>
            {t('pub.useCentre')}
          </button>
          <button type="button" disabled>
            <span aria-hidden>◎ </span>
            {t('pub.useMyLocation')}
          </button>
        </div>
      )}
    </div>
  );
}
