/**
 * The camera card: kind, owner, direction and field of view, and the live view — the camera's HLS stream
 * where it has one (hls.js, loaded only then), else the demo frame refreshed every few seconds.
 */
import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { errorMessage, trpc } from '../api';
import { label, useI18n } from '../i18n';
import { AlarmLine } from './AlarmsPanel';
import { useLocateOnce } from './locate';

const FRAME_MS = 3000;

function HlsPlayer({ url }: { url: string }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const el = video.current!;
    if (el.canPlayType('application/vnd.apple.mpegurl')) {
      el.src = url;
      return;
    }
    let destroy = () => {};
    import('hls.js').then(({ default: Hls }) => {
      if (!Hls.isSupported()) return setError('HLS is not supported by this browser');
      const hls = new Hls();
      hls.on(Hls.Events.ERROR, (_e, data) => data.fatal && setError(`${data.type}: ${data.details}`));
      hls.loadSource(url);
      hls.attachMedia(el);
      destroy = () => hls.destroy();
    }, (err) => setError(String(err)));
    return () => destroy();
  }, [url]);
  return (
    <>
      <video ref={video} className="live-view" autoPlay muted playsInline controls data-testid="camera-hls" />
      {error && <p className="error-text" role="alert">{error}</p>}
    </>
  );
}

function FrameView({ url, alt }: { url: string; alt: string }) {
  const { t } = useI18n();
  const [tick, setTick] = useState(0);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), FRAME_MS);
    return () => clearInterval(timer);
  }, []);
  return (
    <>
      <img className="live-view" src={`${url}?t=${tick}`} alt={alt} data-testid="camera-frame" onError={() => setError(url)} onLoad={() => setError(null)} />
      {error && <p className="error-text" role="alert">{t('liveViewError', { message: error })}</p>}
    </>
  );
}

export function CameraCard({ id, onClose, onCase, onLocate }: { id: number; onClose(): void; onCase(id: number): void; onLocate?(at: [number, number]): void }) {
  const { t, lang } = useI18n();
  const q = useQuery({ queryKey: ['camera', id], queryFn: () => trpc.camera.byId.query({ id }), refetchInterval: 15_000 });
  const c = q.data?.id === id ? q.data : undefined;
  useLocateOnce(c, onLocate);
  return (
    <section className="panel sensing-card" data-testid="camera-card" aria-busy={q.isFetching}>
      <div className="row">
        <h2>{t('camera')}</h2>
        <button className="icon" onClick={onClose} aria-label={t('close')} title={`${t('close')} (Esc)`}>✕</button>
      </div>
      {q.isError && <p className="error-text" role="alert">{errorMessage(q.error)}</p>}
      {!c && !q.isError && <div className="skeleton block" aria-label={t('loading')} />}
      {c && (
        <>
          <p><strong data-testid="camera-name">{c.name}</strong> <span className="muted small">{c.code}</span></p>
          <h3>{t('liveView')}</h3>
          {c.status !== 'online' ? (
            <p className="muted small">{t('liveViewOffline')}</p>
          ) : c.live.type === 'hls' ? (
            <HlsPlayer url={c.live.url} />
          ) : (
            <FrameView url={c.live.url} alt={`${c.name} ${t('liveView')}`} />
          )}
          <dl className="facts">
            <dt>{t('deviceStatus')}</dt><dd><span className={`dot ${c.status}`} /> {c.status === 'online' ? t('online') : t('offline')}</dd>
            <dt>{t('camera')}</dt><dd>{label(t, 'cameraKind', c.kind)}</dd>
            <dt>{t('owner')}</dt><dd>{c.owner}</dd>
            <dt>{t('direction')}</dt><dd>{Math.round(c.direction)}° · {t('fieldOfView')} {Math.round(c.fov)}° · {t('range')} {Math.round(c.rangeM)} m</dd>
          </dl>
          <h3>{t('recentAlarms')}</h3>
          {c.alarms.length === 0 ? <p className="muted small">{t('noAlarms')}</p> : (
            <ul className="alarm-list">{c.alarms.map((a) => <AlarmLine key={a.id} alarm={a} onCase={onCase} />)}</ul>
          )}
          <p className="muted small">{lang === 'zh' ? '视频智能分析：违停、垃圾满溢、人员聚集、烟火识别' : 'Video analytics: illegal parking, garbage overflow, crowding, fire/smoke'}</p>
        </>
      )}
    </section>
  );
}
