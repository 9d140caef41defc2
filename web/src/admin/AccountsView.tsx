/** Account administration, loaded when first opened (AccountList.tsx); see AuditView.tsx. */
import { lazy, Suspense } from 'react';
import type { Me } from '../api';
import { SheetLoading } from './AuditView';

const AccountList = lazy(() => import('./AccountList').then((m) => ({ default: m.AccountList })));

export function AccountsView({ me, onClose }: { me: Me; onClose(): void }) {
  return (
    <Suspense fallback={<SheetLoading />}>
      <AccountList me={me} onClose={onClose} />
    </Suspense>
  );
}
