/** "Find free parking": the lots with free spaces nearest a clicked point by road distance, routes on the map. */
import { useQuery } from '@tanstack/react-query';
import { errorMessage, trpc, type FreeParking } from '../api';
import { formatNumber, useI18n } from '../i18n';

export function useNearestFree(origin: [number, number] | null) {
  return useQuery({
    queryKey: ['nearestFree', origin],
    queryFn: () => trpc.parking.nearestFree.query({ lng: origin![0], lat: origin![1], limit: 5 }),
    enabled: origin !== null,
    retry: false,
  });
}

export function ParkingFinder({ origin, query, selected, onSelect, onClose }: { origin: [number, number] | null; query: ReturnType<typeof useNearestFree>; selected: number | null; onSelect(p: FreeParking): void; onClose(): void }) {
  const { t, lang } = useI18n();
  const results = query.data?.results;
  return (
    <section className="panel sensing-card" data-testid="parking-finder" aria-busy={query.isFetching}>
      <div className="row">
        <h2>{t('parkingResults')}</h2>
        <button className="icon" onClick={onClose} aria-label={t('close')} title={`${t('close')} (Esc)`}>✕</button>
      </div>
      {!origin && <p className="muted small" data-testid="parking-hint">{t('findParkingHint')}</p>}
      {query.isFetching && <div className="skeleton block" aria-label={t('loading')} />}
      {query.isError && <p className="error-text" role="alert">{errorMessage(query.error)}</p>}
      {results && results.length === 0 && <p className="muted small">{t('parkingNone')}</p>}
      {results && results.length > 0 && (
        <ol className="parking-list">
          {results.map((p) => (
            <li key={p.id} className={selected === p.id ? 'on' : ''} data-testid="parking-result">
              <button className="link" onClick={() => onSelect(p)}>
                <strong>{p.name}</strong>
              </button>
              <span className="small">
                {t('free')} <b>{formatNumber(p.free, lang)}</b> / {formatNumber(p.capacity, lang)} · {t('roadDistance')} {p.distanceM >= 1000 ? `${(p.distanceM / 1000).toFixed(1)} km` : `${p.distanceM} m`}
              </span>
              <span className="muted small">{t('driveMin', { n: p.driveMinutes })} · {t('walkMin', { n: p.walkMinutes })}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
