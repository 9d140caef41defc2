/** The auditor's view of the append-only audit log, with filters and paging. */
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { errorMessage, trpc } from '../api';
import { useI18n } from '../i18n';

const PAGE = 50;

export function AuditLog({ onClose }: { onClose(): void }) {
  const { t, lang } = useI18n();
  const [username, setUsername] = useState('');
  const [action, setAction] = useState('');
  const [day, setDay] = useState('');
  const [offset, setOffset] = useState(0);
  // A day in local time: from its midnight to the next.
  const from = day ? new Date(`${day}T00:00:00`) : null;
  const input = {
    username: username.trim() || undefined,
    action: action.trim() || undefined,
    from: from ? from.toISOString() : undefined,
    to: from ? new Date(from.getTime() + 86_400_000).toISOString() : undefined,
    limit: PAGE,
    offset,
  };
  const log = useQuery({ queryKey: ['audit', input], queryFn: () => trpc.audit.list.query(input), placeholderData: keepPreviousData });
  return (
    <div className="overlay" role="dialog" aria-label={t('auditLog')} data-testid="audit-view">
      <section className="panel sheet">
        <div className="row">
          <h2>{t('auditLog')}</h2>
          <button className="icon" onClick={onClose} aria-label={t('close')}>✕</button>
        </div>
        <div className="row filters">
          <input placeholder={t('filterUsername')} value={username} onChange={(e) => { setUsername(e.target.value); setOffset(0); }} data-testid="audit-username" />
          <input placeholder={t('filterAction')} value={action} onChange={(e) => { setAction(e.target.value); setOffset(0); }} data-testid="audit-action" />
          <input type="date" value={day} onChange={(e) => { setDay(e.target.value); setOffset(0); }} aria-label={t('time')} data-testid="audit-day" />
          <span className="muted" data-testid="audit-total">{log.data ? t('total', { n: log.data.total }) : t('loading')}</span>
        </div>
        {log.isError && <p className="error-text" role="alert">{errorMessage(log.error)}</p>}
        <table className="table" aria-busy={log.isFetching}>
          <thead>
            <tr><th>{t('time')}</th><th>{t('actor')}</th><th>{t('action')}</th><th>{t('target')}</th><th>IP</th><th /></tr>
          </thead>
          <tbody>
            {log.data?.items.map((e) => (
              <tr key={e.id} data-testid="audit-row">
                <td>{new Date(e.at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB')}</td>
                <td>{e.username ?? '—'} <span className="muted">{e.role ?? ''}</span></td>
                <td><code>{e.action}</code></td>
                <td>{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—'} <span className="muted">{e.areaCode ?? ''}</span></td>
                <td className="muted">{e.ip}</td>
                <td className="muted small">{Object.keys(e.detail).length ? JSON.stringify(e.detail) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {log.data && log.data.items.length === 0 && <p className="empty">{t('emptyList')}</p>}
        <div className="row">
          <button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>{t('prev')}</button>
          <button disabled={!log.data || offset + PAGE >= log.data.total} onClick={() => setOffset(offset + PAGE)}>{t('next')}</button>
        </div>
      </section>
    </div>
  );
}
