/** Special groups (特殊人群) of the current area, masked; one record at a time in clear, with a reason that is audited. */
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { errorMessage, trpc, type Me } from '../api';
import { formatNumber, label, useI18n } from '../i18n';
import { RESIDENT_CATEGORIES } from '../../../tiles/domain/residents';

type Category = (typeof RESIDENT_CATEGORIES)[number];
const PAGE = 8;
const REVEAL_ROLES = ['district_operator', 'street_operator', 'grid_worker'];

export function ResidentsPanel({ me, areaCode, onBuilding }: { me: Me; areaCode: string; onBuilding(id: number): void }) {
  const { t, lang } = useI18n();
  const [category, setCategory] = useState<Category | ''>('');
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState(false);
  const [revealing, setRevealing] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const list = useQuery({
    queryKey: ['residents', areaCode, category, offset],
    queryFn: () => trpc.residents.list.query({ areaCode, category: category || undefined, limit: PAGE, offset }),
    enabled: open,
    placeholderData: keepPreviousData,
  });
  const reveal = useMutation({ mutationFn: (id: number) => trpc.residents.reveal.mutate({ id, reason }) });
  const clear = reveal.data;

  return (
    <section className="panel residents" data-testid="residents-panel">
      <div className="row">
        <h3>{t('residents')}</h3>
        <button className="link" onClick={() => setOpen(!open)} aria-expanded={open} data-testid="residents-toggle">
          {open ? '▾' : '▸'} {list.data ? t('total', { n: formatNumber(list.data.total, lang) }) : ''}
        </button>
      </div>
      {open && (
        <>
          <p className="muted small">{t('residentsHint')}</p>
          <select value={category} onChange={(e) => { setCategory(e.target.value as Category | ''); setOffset(0); }} aria-label={t('allCategories')}>
            <option value="">{t('allCategories')}</option>
            {RESIDENT_CATEGORIES.map((c) => <option key={c} value={c}>{label(t, 'category', c)}</option>)}
          </select>
          {list.isError && <p className="error-text" role="alert">{errorMessage(list.error)}</p>}
          {list.data && list.data.items.length === 0 && <p className="empty">{t('emptyList')}</p>}
          <ul className="list" aria-busy={list.isFetching}>
            {list.data?.items.map((r) => (
              <li key={r.id} data-testid="resident">
                <div className="row">
                  <span>
                    <strong data-testid="resident-name">{clear?.id === r.id ? clear.name : r.name}</strong> {r.gender === 'F' ? '♀' : '♂'} {r.birthYear}
                    <span className="status"> {label(t, 'category', r.category)}</span>
                  </span>
                  {REVEAL_ROLES.includes(me.role) && clear?.id !== r.id && (
                    <button className="link" onClick={() => { setRevealing(r.id); setReason(''); reveal.reset(); }} data-testid="reveal">
                      {t('reveal')}
                    </button>
                  )}
                </div>
                <div className="muted small">
                  {t('phone')} <span data-testid="resident-phone">{clear?.id === r.id ? clear.phone : r.phone}</span> · {t('idNumber')} {clear?.id === r.id ? clear.idNumber : r.idNumber}
                </div>
                <div className="muted small">
                  <button className="link" onClick={() => onBuilding(r.buildingId)}>{r.address}</button> · {r.careNote}
                </div>
                {revealing === r.id && clear?.id !== r.id && (
                  <form className="reveal" onSubmit={(e) => { e.preventDefault(); reveal.mutate(r.id); }}>
                    <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('revealReason')} aria-label={t('revealReason')} minLength={4} maxLength={200} required data-testid="reveal-reason" />
                    <button type="submit" disabled={reveal.isPending} data-testid="reveal-confirm">{t('revealConfirm')}</button>
                    {reveal.isError && <p className="error-text" role="alert">{errorMessage(reveal.error)}</p>}
                  </form>
                )}
              </li>
            ))}
          </ul>
          {list.data && list.data.total > PAGE && (
            <div className="row">
              <button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>{t('prev')}</button>
              <span className="muted small">{offset + 1}–{Math.min(offset + PAGE, list.data.total)}</span>
              <button disabled={offset + PAGE >= list.data.total} onClick={() => setOffset(offset + PAGE)}>{t('next')}</button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
