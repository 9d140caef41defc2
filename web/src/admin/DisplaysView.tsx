/**
 * The administrator's wall displays (指挥大屏): a display is a read-only identity bound to one screen and
 * scoped to an area, signed in by the token in its address. Here they are listed (area, tour, fit, when made
 * and last seen, revoked ones greyed), created (the address is shown once, with a copy button: the server
 * keeps only a hash of the token), renamed in place and revoked after a confirmation. The scenes, fits and
 * limits are tiles/domain/wall.ts'.
 */
import { Fragment, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage, trpc } from '../api';
import { formatChinaTime, label, useI18n, type DisplaysKey, type Lang, type Translate, type Vars } from '../i18n';
import { AREA_CODE_PATTERN } from '../../../tiles/domain/places';
import {
  WALL_DWELL_MAX_S, WALL_DWELL_MIN_S, WALL_FIT, WALL_FITS, WALL_SCENE, WALL_SCENES, WALL_TAKEOVER_MAX_S, WALL_TAKEOVER_MIN_S,
  WALL_TAKEOVER_S, type WallFit, type WallScene, type WallSceneKind,
} from '../../../tiles/domain/wall';

/** The screen's strings: the translator's `displays.` keys. */
function useDisplayText(): (key: DisplaysKey, vars?: Vars) => string {
  const { t } = useI18n();
  return displaysText(t);
}
const displaysText = (t: Translate) => (key: DisplaysKey, vars?: Vars) => t(`displays.${key}`, vars);

type DisplayRow = Awaited<ReturnType<typeof trpc.admin.displays.query>>[number];

const DISPLAYS_KEY = ['displays'];
/** Read on each opening and this often while open: "last seen" follows a wall coming online. */
const REFRESH_MS = 30_000;
/** Longest display name the form accepts (the wall's top bar shows it). */
const NAME_MAX = 60;
/** The wall shows a city, district, street or community: 4, 6, 9 or 12 digits, not a grid. */
const DISPLAY_AREA_MAX_DIGITS = 12;

function isDisplayAreaCode(code: string): boolean {
  return AREA_CODE_PATTERN.test(code) && code.length <= DISPLAY_AREA_MAX_DIGITS;
}

function sceneLabel(kind: string, lang: Lang): string {
  return Object.hasOwn(WALL_SCENE, kind) ? WALL_SCENE[kind as WallSceneKind][lang] : kind;
}

function fitLabel(fit: string, lang: Lang): string {
  return Object.hasOwn(WALL_FIT, fit) ? WALL_FIT[fit as WallFit][lang] : fit;
}

/** The display sheet over the dashboard; `App` opens it from the user menu (administrators only). */
export function DisplaysView({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const dt = useDisplayText();
  const queryClient = useQueryClient();
  const displays = useQuery({ queryKey: DISPLAYS_KEY, queryFn: () => trpc.admin.displays.query(), staleTime: 0, refetchInterval: REFRESH_MS });
  const [created, setCreated] = useState<string | null>(null);
  return (
    <div className="overlay" role="dialog" aria-label={dt('title')} data-testid="displays-view">
      <section className="panel sheet">
        <div className="row">
          <h2>{dt('title')}</h2>
          <button className="icon" onClick={onClose} aria-label={t('close')}>✕</button>
        </div>
        <p className="muted">{dt('intro')}</p>
        {created && <CreatedUrl url={created} onDone={() => setCreated(null)} />}
        <CreateForm
          onCreated={(url) => {
            setCreated(`${window.location.origin}${url}`);
            void queryClient.invalidateQueries({ queryKey: DISPLAYS_KEY });
          }}
        />
        <h3>{dt('list')}</h3>
        {displays.isPending && <p className="muted" aria-busy>{dt('loading')}</p>}
        {displays.isError && (
          <p className="error-text" role="alert">
            {errorMessage(displays.error)} <button onClick={() => void displays.refetch()}>{t('retry')}</button>
          </p>
        )}
        {displays.isSuccess && displays.data.length === 0 && <p className="muted" data-testid="displays-empty">{dt('empty')}</p>}
        {displays.isSuccess && displays.data.length > 0 && <DisplayTable rows={displays.data} />}
      </section>
    </div>
  );
}

/** The new display's full address, shown this once: copy it, and what opening it means. */
function CreatedUrl({ url, onDone }: { url: string; onDone(): void }) {
  const dt = useDisplayText();
  const urlRef = useRef<HTMLElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <div className="panel" role="status" style={{ marginBottom: 12 }} data-testid="display-created">
      <strong>{dt('urlTitle')}</strong>
      <div className="reveal">
        <code ref={urlRef} data-testid="display-url" style={{ flex: 1, userSelect: 'all', overflowWrap: 'anywhere', padding: '6px 8px' }}>{url}</code>
        <button onClick={() => void copyText(url, urlRef.current).then((ok) => setCopy(ok ? 'copied' : 'failed'))} data-testid="display-copy">
          {copy === 'copied' ? dt('copied') : dt('copy')}
        </button>
      </div>
      {copy === 'failed' && <p className="error-text">{dt('copyFailed')}</p>}
      <p className="notice" style={{ marginTop: 8 }}>⚠ {dt('urlWarning')}</p>
      <p className="muted">
        {dt('kiosk')} <code style={{ userSelect: 'all', overflowWrap: 'anywhere' }}>chromium --kiosk &apos;{url}&apos;</code>
      </p>
      <button onClick={onDone}>{dt('done')}</button>
    </div>
  );
}

/** The clipboard where the page may use it (https or this host); else the address selected and copied the old way. */
async function copyText(text: string, element: HTMLElement | null): Promise<boolean> {
  try {
    if (window.isSecureContext && navigator.clipboard) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (permissions): fall back to selecting the text.
  }
  if (!element) return false;
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

type SceneChoice = Record<WallSceneKind, { on: boolean; dwellS: string }>;

const defaultScenes = (): SceneChoice =>
  Object.fromEntries(WALL_SCENES.map((kind) => [kind, { on: true, dwellS: String(WALL_SCENE[kind].dwellS) }])) as SceneChoice;

/** The checked scenes in WALL_SCENES order, as the server takes them. */
function chosenScenes(choice: SceneChoice): WallScene[] {
  return WALL_SCENES.filter((kind) => choice[kind].on).map((kind) => ({ kind, dwellS: Number(choice[kind].dwellS) }));
}

/** Name, area, tour, fit and takeover of a new display; the browser checks the number ranges before submitting. */
function CreateForm({ onCreated }: { onCreated(url: string): void }) {
  const { lang } = useI18n();
  const dt = useDisplayText();
  const [name, setName] = useState('');
  const [areaCode, setAreaCode] = useState('');
  const [scenes, setScenes] = useState(defaultScenes);
  const [fit, setFit] = useState<WallFit>('letterbox');
  const [takeoverS, setTakeoverS] = useState(String(WALL_TAKEOVER_S));
  const [problem, setProblem] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () =>
      trpc.admin.createDisplay.mutate({ name: name.trim(), areaCode: areaCode.trim(), scenes: chosenScenes(scenes), fit, takeoverS: Number(takeoverS) }),
    onSuccess: ({ url }) => {
      setName('');
      setAreaCode('');
      onCreated(url);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = !isDisplayAreaCode(areaCode.trim()) ? dt('areaHint') : chosenScenes(scenes).length === 0 ? dt('noScene') : null;
    setProblem(found);
    if (!found) create.mutate();
  };
  const setScene = (kind: WallSceneKind, change: Partial<SceneChoice[WallSceneKind]>) => setScenes({ ...scenes, [kind]: { ...scenes[kind], ...change } });
  return (
    <form onSubmit={submit} data-testid="display-create" style={{ marginBottom: 12 }}>
      <div className="row filters">
        <input placeholder={dt('namePlaceholder')} aria-label={dt('name')} value={name} onChange={(e) => setName(e.target.value)} required maxLength={NAME_MAX} size={28} data-testid="display-name" />
        <AreaField value={areaCode} onChange={setAreaCode} />
        <label className="muted">
          {dt('fit')}{' '}
          <select value={fit} onChange={(e) => setFit(e.target.value as WallFit)} data-testid="display-fit">
            {WALL_FITS.map((f) => <option key={f} value={f}>{fitLabel(f, lang)}</option>)}
          </select>
        </label>
        <label className="muted">
          {dt('takeover')}{' '}
          <input type="number" min={WALL_TAKEOVER_MIN_S} max={WALL_TAKEOVER_MAX_S} step={1} required value={takeoverS} onChange={(e) => setTakeoverS(e.target.value)} style={{ width: 72 }} data-testid="display-takeover" />
        </label>
      </div>
      <fieldset className="row filters" style={{ border: '1px solid var(--line)', borderRadius: 6, padding: '6px 10px' }}>
        <legend className="muted">{dt('scenes')}</legend>
        {WALL_SCENES.map((kind) => (
          <label key={kind} data-testid={`display-scene-${kind}`} style={{ display: 'inline-flex', alignItems: 'center', gap: 4, marginRight: 12 }}>
            <input type="checkbox" checked={scenes[kind].on} onChange={(e) => setScene(kind, { on: e.target.checked })} />
            {WALL_SCENE[kind][lang]}
            <input
              type="number" min={WALL_DWELL_MIN_S} max={WALL_DWELL_MAX_S} step={1} required={scenes[kind].on} disabled={!scenes[kind].on}
              value={scenes[kind].dwellS} onChange={(e) => setScene(kind, { dwellS: e.target.value })} style={{ width: 64 }}
              aria-label={`${WALL_SCENE[kind][lang]} · ${kind === 'areas' ? dt('dwellAreas') : dt('dwell')}`} title={kind === 'areas' ? dt('dwellAreas') : dt('dwell')}
            />
            <span className="muted">{dt('unitSeconds')}</span>
          </label>
        ))}
      </fieldset>
      <div className="row filters">
        <button type="submit" className="primary" disabled={create.isPending}>{create.isPending ? dt('creating') : dt('create')}</button>
        {problem && <span className="error-text" role="alert">{problem}</span>}
        {create.isError && <span className="error-text" role="alert">{errorMessage(create.error)}</span>}
      </div>
    </form>
  );
}

/** An area code, typed or picked from the areas whose name or code matches what was typed (grids left out). */
function AreaField({ value, onChange }: { value: string; onChange(code: string): void }) {
  const { t } = useI18n();
  const dt = useDisplayText();
  const listId = useId();
  const [q, setQ] = useState('');
  useEffect(() => {
    const id = setTimeout(() => setQ(value.trim()), 200);
    return () => clearTimeout(id);
  }, [value]);
  const search = useQuery({
    queryKey: ['display-area-search', q],
    queryFn: () => trpc.area.search.query({ q, limit: 12 }),
    enabled: q.length > 0,
    staleTime: 60_000,
  });
  const areas = (search.data?.areas ?? []).filter((a) => isDisplayAreaCode(a.code));
  const chosen = areas.find((a) => a.code === value.trim());
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
      <input
        list={listId} placeholder={dt('areaPlaceholder')} aria-label={dt('area')} title={dt('areaHint')} value={value} required maxLength={50} size={18}
        onChange={(e) => onChange(e.target.value)} data-testid="display-area"
      />
      <datalist id={listId}>
        {areas.map((a) => (
          <option key={a.code} value={a.code} label={`${a.name} · ${label(t, 'level', a.level)}${a.path ? ` · ${a.path}` : ''}`} />
        ))}
      </datalist>
      {chosen && <span className="muted" data-testid="display-area-name">{chosen.name}</span>}
    </span>
  );
}

/** Active displays first, then the revoked ones (greyed, with when). */
function DisplayTable({ rows }: { rows: DisplayRow[] }) {
  const dt = useDisplayText();
  const sorted = [...rows].sort((a, b) => Number(Boolean(a.revokedAt)) - Number(Boolean(b.revokedAt)));
  return (
    <table className="table" data-testid="displays-table">
      <thead>
        <tr>
          <th>{dt('name')}</th><th>{dt('area')}</th><th>{dt('scenes')}</th><th>{dt('fit')}</th><th>{dt('takeover')}</th>
          <th>{dt('createdAt')}</th><th>{dt('lastSeen')}</th><th>{dt('actions')}</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((d) => <DisplayRowView key={d.id} row={d} />)}
      </tbody>
    </table>
  );
}

const COLUMNS = 8;

/** One display: rename in place, revoke after a confirmation row. */
function DisplayRowView({ row: d }: { row: DisplayRow }) {
  const { lang } = useI18n();
  const dt = useDisplayText();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: DISPLAYS_KEY });
  const rename = useMutation({
    mutationFn: (name: string) => trpc.admin.updateDisplay.mutate({ id: d.id, name }),
    onSuccess: () => setDraft(null),
    onSettled: () => void refresh(),
  });
  const revoke = useMutation({
    mutationFn: () => trpc.admin.revokeDisplay.mutate({ id: d.id }),
    onSuccess: () => setConfirming(false),
    onSettled: () => void refresh(),
  });
  const revoked = Boolean(d.revokedAt);
  const saveName = (e: FormEvent) => {
    e.preventDefault();
    const name = draft?.trim() ?? '';
    if (name === d.name) setDraft(null);
    else if (name) rename.mutate(name);
  };
  const failure = rename.error ?? revoke.error;
  return (
    <Fragment>
      <tr className={revoked ? 'muted' : ''} style={revoked ? { opacity: 0.6 } : undefined} data-testid="display-row" data-display-id={d.id} data-revoked={revoked ? 'yes' : 'no'}>
        <td>
          {draft === null ? (
            <strong data-testid="display-name-text">{d.name}</strong>
          ) : (
            <form onSubmit={saveName} style={{ display: 'flex', gap: 4 }}>
              <input
                autoFocus value={draft} onChange={(e) => setDraft(e.target.value)} required maxLength={NAME_MAX} size={20} aria-label={dt('name')}
                onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); setDraft(null); } }} data-testid="display-rename-input"
              />
              <button type="submit" disabled={rename.isPending} data-testid="display-rename-save">{dt('save')}</button>
              <button type="button" onClick={() => setDraft(null)}>{dt('cancel')}</button>
            </form>
          )}
        </td>
        <td>{d.areaName} <span className="muted">{d.areaCode}</span></td>
        <td>
          {d.scenes.map((s, i) => (
            <span key={i} className="chip" style={{ marginRight: 4, display: 'inline-block', marginBottom: 2 }}>
              {sceneLabel(s.kind, lang)} {dt('seconds', { n: s.dwellS })}
            </span>
          ))}
        </td>
        <td>{fitLabel(d.fit, lang)}</td>
        <td>{dt('seconds', { n: d.takeoverS })}</td>
        <td>{formatChinaTime(d.createdAt, lang)}</td>
        <td>{d.lastSeenAt ? formatChinaTime(d.lastSeenAt, lang) : <span className="muted">{dt('never')}</span>}</td>
        <td style={{ whiteSpace: 'nowrap' }}>
          {d.revokedAt ? (
            <span data-testid="display-revoked">{dt('revokedAt', { time: formatChinaTime(d.revokedAt, lang) })}</span>
          ) : (
            <>
              <button onClick={() => setDraft(d.name)} disabled={draft !== null} data-testid="display-rename">{dt('rename')}</button>{' '}
              <button onClick={() => setConfirming(true)} disabled={confirming} data-testid="display-revoke">{dt('revoke')}</button>
            </>
          )}
        </td>
      </tr>
      {confirming && !revoked && (
        <tr data-testid="display-revoke-confirmation">
          <td colSpan={COLUMNS}>
            <span className="notice">{dt('revokeConfirm', { name: d.name })}</span>{' '}
            <button className="primary" onClick={() => revoke.mutate()} disabled={revoke.isPending} data-testid="display-revoke-confirm">{dt('revokeYes')}</button>{' '}
            <button onClick={() => setConfirming(false)}>{dt('cancel')}</button>
          </td>
        </tr>
      )}
      {failure && (
        <tr>
          <td colSpan={COLUMNS} className="error-text" role="alert">{errorMessage(failure)}</td>
        </tr>
      )}
    </Fragment>
  );
}
