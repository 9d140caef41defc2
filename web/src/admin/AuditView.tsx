/**
 * The auditor's audit log and the administrator's accounts open over the dashboard: their scripts load when
 * first opened (AuditLog.tsx, AccountList.tsx), with the sheet's outline shown meanwhile.
 */
import { lazy, Suspense } from 'react';
import { useI18n } from '../i18n';

const AuditLog = lazy(() => import('./AuditLog').then((m) => ({ default: m.AuditLog })));

export function AuditView({ onClose }: { onClose(): void }) {
  return (
    <Suspense fallback={<SheetLoading />}>
      <AuditLog onClose={onClose} />
    </Suspense>
  );
}

/** An empty sheet while its script loads. */
export function SheetLoading() {
  const { t } = useI18n();
  return (
    <div className="overlay" role="dialog" aria-busy aria-label={t('loading')}>
      <section className="panel sheet">
        <div className="skeleton title" />
        <div className="skeleton block" />
      </section>
    </div>
  );
}
