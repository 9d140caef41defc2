/** Search areas (name or code) and buildings (address, name, doorplate code); arrows, Enter and Esc work. */
import { forwardRef, useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { errorMessage, trpc } from '../api';
import { label, useI18n } from '../i18n';

type Hit = { kind: 'area'; code: string; name: string; sub: string } | { kind: 'building'; id: number; name: string; sub: string; center: [number, number] };

export const SearchBox = forwardRef<HTMLInputElement, { onArea(code: string): void; onBuilding(id: number, center: [number, number]): void }>(function SearchBox({ onArea, onBuilding }, ref) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  useEffect(() => {
    const id = setTimeout(() => setQ(text.trim()), 200);
    return () => clearTimeout(id);
  }, [text]);

  const results = useQuery({
    queryKey: ['search', q],
    queryFn: () => trpc.area.search.query({ q, limit: 10 }),
    enabled: q.length > 0,
    staleTime: 60_000,
  });

  const hits: Hit[] = results.data
    ? [
        ...results.data.areas.map((a) => ({ kind: 'area' as const, code: a.code, name: a.name, sub: `${label(t, 'level', a.level)}${a.path ? ` · ${a.path}` : ''}` })),
        ...results.data.buildings.map((b) => ({ kind: 'building' as const, id: b.id, name: b.name, sub: b.doorplate, center: b.center })),
      ]
    : [];

  const choose = (h: Hit | undefined) => {
    if (!h) return;
    if (h.kind === 'area') onArea(h.code);
    else onBuilding(h.id, h.center);
    setOpen(false);
    setText('');
    (document.activeElement as HTMLElement | null)?.blur();
  };

  return (
    <div className="search" role="combobox" aria-expanded={open && q.length > 0} aria-haspopup="listbox">
      <input
        ref={ref}
        data-testid="search"
        type="search"
        value={text}
        placeholder={t('searchPlaceholder')}
        aria-label={t('searchPlaceholder')}
        maxLength={50}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, hits.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter') choose(hits[active]);
          else if (e.key === 'Escape') {
            setOpen(false);
            (e.target as HTMLInputElement).blur();
          } else return;
          e.preventDefault();
        }}
      />
      {open && q.length > 0 && (
        <div className="search-results" role="listbox" data-testid="search-results">
          {results.isFetching && hits.length === 0 && <div className="muted">{t('searching')}</div>}
          {results.isError && <div className="error-text">{errorMessage(results.error)}</div>}
          {results.isSuccess && hits.length === 0 && <div className="muted">{t('searchNoResults', { q })}</div>}
          {hits.map((h, i) => (
            <button
              key={h.kind === 'area' ? h.code : `b${h.id}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(h)}
            >
              <span className="kind">{h.kind === 'area' ? t('searchAreas') : t('searchBuildings')}</span>
              <span className="name">{h.name}</span>
              <small>{h.sub}</small>
            </button>
          ))}
        </div>
      )}
    </div>
  );
});
