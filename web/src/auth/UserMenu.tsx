import { useMutation, useQueryClient } from '@tanstack/react-query';
import { trpc, type Me } from '../api';
import { label, useI18n } from '../i18n';

/** The sheets the menu opens over the dashboard. */
export type UserTool = 'audit' | 'accounts' | 'displays';

/** Who is signed in (name, role, scope), the tools their role has, and sign-out. */
export function UserMenu({ me, onMyArea, onTool }: { me: Me; onMyArea(): void; onTool(tool: UserTool): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const logout = useMutation({
    mutationFn: () => trpc.auth.logout.mutate(),
    onSettled: () => {
      // Forget everything the account could see, and show the login page.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      queryClient.setQueryData(['me'], null);
    },
  });
  return (
    <div className="user-menu" data-testid="user-menu">
      <button className="link" onClick={onMyArea} title={t('myArea')} data-testid="my-area">
        <strong>{me.displayName}</strong>
        <span className="muted">
          {' '}
          {label(t, 'role', me.role)} · {me.scopeName}
          {me.departmentName ? ` · ${me.departmentName}` : ''}
        </span>
      </button>
      {(me.role === 'auditor' || me.role === 'admin') && (
        <button onClick={() => onTool('audit')} data-testid="open-audit">
          {t('auditLog')}
        </button>
      )}
      {me.role === 'admin' && (
        <button onClick={() => onTool('accounts')} data-testid="open-accounts">
          {t('accounts')}
        </button>
      )}
      {me.role === 'admin' && (
        <button onClick={() => onTool('displays')} data-testid="open-displays">
          {t('displays.menu')}
        </button>
      )}
      <button onClick={() => logout.mutate()} disabled={logout.isPending} data-testid="logout">
        {t('signOut')}
      </button>
    </div>
  );
}
