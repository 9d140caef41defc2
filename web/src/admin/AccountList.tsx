/** Account administration: list, create, change role or scope, disable. Passwords are set, never shown. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage, trpc, type Me } from '../api';
import { label, useI18n } from '../i18n';
import { ACCOUNT_ROLES, type Role } from '../../../tiles/domain/roles';

export function AccountList({ me, onClose }: { me: Me; onClose(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const accounts = useQuery({ queryKey: ['accounts'], queryFn: () => trpc.admin.accounts.query() });
  const [form, setForm] = useState({ username: '', displayName: '', password: '', role: 'grid_worker' as Role, scopeCode: me.scopeCode, departmentCode: '' });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['accounts'] });
  const create = useMutation({
    mutationFn: () => trpc.admin.createAccount.mutate({ ...form, departmentCode: form.departmentCode || undefined }),
    onSuccess: () => { setForm({ ...form, username: '', displayName: '', password: '' }); void refresh(); },
  });
  const update = useMutation({
    mutationFn: (input: { id: number; disabled?: boolean; role?: Role }) => trpc.admin.updateAccount.mutate(input),
    onSettled: () => void refresh(),
  });
  const submit = (e: FormEvent) => { e.preventDefault(); create.mutate(); };
  return (
    <div className="overlay" role="dialog" aria-label={t('accounts')} data-testid="accounts-view">
      <section className="panel sheet">
        <div className="row">
          <h2>{t('accounts')}</h2>
          <button className="icon" onClick={onClose} aria-label={t('close')}>✕</button>
        </div>
        <form className="row filters" onSubmit={submit}>
          <input placeholder={t('username')} value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} required />
          <input placeholder={t('displayName')} value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} required />
          <input placeholder={t('password')} type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} required />
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })} aria-label="role">
            {ACCOUNT_ROLES.map((r) => <option key={r} value={r}>{label(t, 'role', r)}</option>)}
          </select>
          <input placeholder={t('scope')} value={form.scopeCode} onChange={(e) => setForm({ ...form, scopeCode: e.target.value })} required size={14} />
          {form.role === 'department_handler' && (
            <input placeholder={t('department')} value={form.departmentCode} onChange={(e) => setForm({ ...form, departmentCode: e.target.value })} size={10} />
          )}
          <button type="submit" className="primary" disabled={create.isPending}>{t('createAccount')}</button>
        </form>
        {create.isError && <p className="error-text" role="alert">{errorMessage(create.error)}</p>}
        {create.isSuccess && <p className="muted">{t('created')}</p>}
        {accounts.isError && <p className="error-text" role="alert">{errorMessage(accounts.error)}</p>}
        {update.isError && <p className="error-text" role="alert">{errorMessage(update.error)}</p>}
        <table className="table">
          <thead><tr><th>{t('username')}</th><th>{t('displayName')}</th><th>{t('scope')}</th><th /></tr></thead>
          <tbody>
            {accounts.data?.map((a) => (
              <tr key={a.id} className={a.disabled ? 'muted' : ''} data-testid="account-row">
                <td><code>{a.username}</code>{a.isDemo ? ' (demo)' : ''}</td>
                <td>
                  {a.displayName}{' '}
                  {a.id === me.id || a.role === 'department_handler' || a.role === 'display' ? (
                    <span className="muted">{label(t, 'role', a.role)}</span>
                  ) : (
                    <select value={a.role} onChange={(e) => update.mutate({ id: a.id, role: e.target.value as Role })} aria-label={`${a.username} role`}>
                      {ACCOUNT_ROLES.filter((r) => r !== 'department_handler').map((r) => <option key={r} value={r}>{label(t, 'role', r)}</option>)}
                    </select>
                  )}
                </td>
                <td>{a.scopeName} <span className="muted">{a.scopeCode}</span></td>
                <td>
                  {a.id !== me.id && (
                    <button onClick={() => update.mutate({ id: a.id, disabled: !a.disabled })}>{a.disabled ? t('enable') : t('disable')}</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
