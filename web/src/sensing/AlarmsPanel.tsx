/** Live alarms of the area: newest first, severity, source, its case; operators acknowledge from here. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage, trpc, type AlarmItem, type AlarmPage } from '../api';
import { label, useI18n } from '../i18n';

/** Polling interval of the alarm list: alarms are rare and the list is small. */
export const ALARM_POLL_MS = 4000;

export function useAlarms(areaCode: string, enabled: boolean) {
  return useQuery({ queryKey: ['alarms', areaCode], queryFn: () => trpc.alarm.list.query({ areaCode, limit: 30 }), refetchInterval: ALARM_POLL_MS, enabled });
}

/** A number that changes whenever the alarm list does: the alarms and devices tiles reload on it. */
export function alarmsVersion(a: AlarmPage | undefined): number {
  if (!a) return 0;
  let h = 0;
  for (const ch of `${a.latest?.id}:${a.latest?.at}:${a.counts.open}:${a.counts.acknowledged}:${a.total}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h >>> 0;
}

interface LineProps {
  alarm: { id: number; severity: string; status: string; message: string; label: { zh: string; en: string }; occurrences: number; caseNo?: string | null; incidentId?: number | null; lastAt: string | Date };
  onCase(id: number): void;
  onLocate?(): void;
  onAck?(): void;
  acking?: boolean;
}

export function AlarmLine({ alarm: a, onCase, onLocate, onAck, acking }: LineProps) {
  const { t, lang } = useI18n();
  return (
    <li className={`alarm ${a.severity} ${a.status}`} data-testid="alarm-item" data-alarm-id={a.id}>
      <span className={`sev ${a.severity}`}>{label(t, 'severity', a.severity)}</span>
      <button className="link alarm-title" onClick={onLocate} disabled={!onLocate} title={a.message}>
        {a.label[lang]} {a.occurrences > 1 && <small>{t('alarmOccurrences', { n: a.occurrences })}</small>}
      </button>
      <span className="muted small when">{new Date(a.lastAt).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', hour12: false })}</span>
      <span className="alarm-actions">
        {a.incidentId ? (
          <button className="chip" onClick={() => onCase(a.incidentId!)} data-testid="alarm-case">{a.caseNo ?? t('alarmOpenCase')}</button>
        ) : null}
        {onAck && a.status === 'open' && (
          <button className="chip" onClick={onAck} disabled={acking} data-testid="alarm-ack">{t('alarmAck')}</button>
        )}
        {a.status === 'acknowledged' && <span className="muted small">{t('alarmAcked')}</span>}
      </span>
    </li>
  );
}

export function AlarmsPanel({ areaCode, canAck, query, onCase, onLocate }: { areaCode: string; canAck: boolean; query: ReturnType<typeof useAlarms>; onCase(id: number): void; onLocate(a: AlarmItem): void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const ack = useMutation({
    mutationFn: (id: number) => trpc.alarm.ack.mutate({ id }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['alarms', areaCode] }),
  });
  const page: AlarmPage | undefined = query.data;
  return (
    <section className="panel alarms-panel" data-testid="alarms-panel" aria-busy={query.isFetching}>
      <div className="row">
        <h2>{t('alarms')}</h2>
        {page && (
          <span className="muted small">
            {label(t, 'alarmStatus', 'open')} {page.counts.open} · {label(t, 'severity', 'critical')} {page.counts.critical}
          </span>
        )}
      </div>
      {query.isError && <p className="error-text" role="alert">{errorMessage(query.error)}</p>}
      {ack.isError && <p className="error-text" role="alert">{errorMessage(ack.error)}</p>}
      {!page && !query.isError && <div className="skeleton block" aria-label={t('loading')} />}
      {page && page.items.length === 0 && <p className="muted small" data-testid="alarms-empty">{t('alarmsNone')}</p>}
      {page && page.items.length > 0 && (
        <ul className="alarm-list">
          {page.items.map((a) => (
            <AlarmLine
              key={a.id}
              alarm={{ ...a, caseNo: a.incident?.caseNo ?? null, incidentId: a.incident?.id ?? null }}
              onCase={onCase}
              onLocate={() => onLocate(a)}
              onAck={canAck ? () => ack.mutate(a.id) : undefined}
              acking={ack.isPending && ack.variables === a.id}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
