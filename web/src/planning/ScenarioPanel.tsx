/**
 * The scenario editor: create and name a scenario (saved on the server; its id goes in the address, so the link
 * is shareable), open another of the area, rename or delete it, the palette (add a facility: click the map),
 * and the list of edits, each undoable. Scenarios never change the real facilities: the panel says so.
 */
import { useState } from 'react';
import { CAPACITY_UNIT, SERVICE_TYPE, type ServiceType } from '../../../tiles/domain/planning';
import { formatChinaTime, useI18n } from '../i18n';
import type { PlanningFacility, Scenario, ScenarioEdit } from './client';

export interface AddOptions {
  name: string;
  capacity: string;
}

interface Props {
  /** Whether the account may create and edit scenarios; others open and compare them only. */
  canEdit: boolean;
  ptype: ServiceType;
  /** The scenario in the address, once loaded. */
  scenario: Scenario | undefined;
  scenarioId: number | null;
  loading: boolean;
  error: string | null;
  /** The area's scenarios (all types: those of another type say so). */
  scenarios: Scenario[] | undefined;
  facilities: readonly PlanningFacility[];
  defaultName: string;
  busy: boolean;
  /** A failed save (a conflict: reloaded) or create, in the server's words. */
  problem: string | null;
  onDismissProblem(): void;
  onOpen(s: Scenario | null): void;
  onCreate(name: string): void;
  onRename(name: string): void;
  onDelete(): void;
  onUndo(index: number): void;
  /** The "add facility" palette: armed → the next map click places it. */
  adding: boolean;
  onAddTool(on: boolean): void;
  addOptions: AddOptions;
  onAddOptions(o: AddOptions): void;
}

export function ScenarioPanel(p: Props) {
  const { t, lang } = useI18n();
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const type = SERVICE_TYPE[p.ptype];
  const s = p.scenario;
  const facilityName = (id: number) => p.facilities.find((f) => f.id === id)?.name ?? `#${id}`;
  const editText = (e: ScenarioEdit) =>
    e.op === 'add'
      ? t('planning.edit_add', { name: e.name ?? e.key })
      : t(e.op === 'move' ? 'planning.edit_move' : 'planning.edit_close', { name: facilityName(e.facilityId) });

  return (
    <section className="panel scenario-panel" data-testid="scenario-panel" aria-busy={p.busy}>
      <div className="row">
        <h2>{t('planning.scenario')}</h2>
        {p.busy && <span className="muted small" role="status">{t('planning.scenarioSaving')}</span>}
      </div>
      <p className="notice small" data-testid="scenario-note">{t('planning.scenarioNote')}</p>

      <label className="field">
        <span className="muted small">{t('planning.scenarioPick')}</span>
        <select
          value={p.scenarioId ?? ''}
          onChange={(e) => {
            const id = Number(e.target.value);
            p.onOpen(p.scenarios?.find((x) => x.id === id) ?? null);
          }}
          data-testid="scenario-select"
        >
          <option value="">{t('planning.scenarioNone')}</option>
          {p.scenarioId !== null && !p.scenarios?.some((x) => x.id === p.scenarioId) && <option value={p.scenarioId}>{s?.name ?? `#${p.scenarioId}`}</option>}
          {p.scenarios?.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name} · {SERVICE_TYPE[x.facilityType]?.[lang] ?? x.facilityType} · {x.areaName}
            </option>
          ))}
        </select>
      </label>
      {p.scenarios && p.scenarios.length === 0 && p.scenarioId === null && <p className="empty">{t('planning.noScenarios', { type: type[lang] })}</p>}

      {p.problem && (
        <p className="error-text small problem" role="alert" data-testid="scenario-problem">
          {p.problem}{' '}
          <button className="link" onClick={p.onDismissProblem}>{t('close')}</button>
        </p>
      )}

      {p.scenarioId === null ? (
        p.canEdit && <form
          className="scenario-new"
          onSubmit={(e) => {
            e.preventDefault();
            p.onCreate(name.trim() || p.defaultName);
            setName('');
          }}
        >
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder={p.defaultName} aria-label={t('planning.scenarioName')} maxLength={80} data-testid="scenario-name" />
          <button type="submit" className="primary" disabled={p.busy} data-testid="scenario-create">{t('planning.scenarioNew')}</button>
        </form>
      ) : p.error ? (
        <div role="alert">
          <p className="error-text">{p.error}</p>
          <button onClick={() => p.onOpen(null)}>{t('planning.scenarioClose')}</button>
        </div>
      ) : !s ? (
        <div className="skeleton title" />
      ) : (
        <div className="scenario-open" data-testid="scenario-open" data-id={s.id} data-version={s.version}>
          {renaming !== null ? (
            <form
              className="scenario-new"
              onSubmit={(e) => {
                e.preventDefault();
                if (renaming.trim()) p.onRename(renaming.trim());
                setRenaming(null);
              }}
            >
              <input value={renaming} onChange={(e) => setRenaming(e.target.value)} aria-label={t('planning.scenarioName')} maxLength={80} autoFocus data-testid="scenario-rename-input" />
              <button type="submit">{t('planning.scenarioSave')}</button>
              <button type="button" onClick={() => setRenaming(null)}>{t('planning.cancel')}</button>
            </form>
          ) : (
            <div className="row">
              <strong className="scenario-name" data-testid="scenario-title">{s.name}</strong>
              <span className="scenario-actions">
                {p.canEdit && <button className="link" onClick={() => setRenaming(s.name)} data-testid="scenario-rename">{t('planning.scenarioRename')}</button>}
                <button className="link" onClick={() => p.onOpen(null)} data-testid="scenario-leave">{t('planning.scenarioClose')}</button>
                {!p.canEdit ? null : confirmDelete ? (
                  <>
                    <span className="small">{t('planning.scenarioDeleteConfirm', { name: s.name })}</span>
                    <button className="link danger" onClick={p.onDelete} data-testid="scenario-delete-confirm">{t('planning.scenarioDelete')}</button>
                    <button className="link" onClick={() => setConfirmDelete(false)}>{t('planning.cancel')}</button>
                  </>
                ) : (
                  <button className="link danger" onClick={() => setConfirmDelete(true)} data-testid="scenario-delete">{t('planning.scenarioDelete')}</button>
                )}
              </span>
            </div>
          )}
          <p className="muted small">
            {s.areaName} · {SERVICE_TYPE[s.facilityType]?.[lang] ?? s.facilityType} · {t('planning.scenarioVersion', { v: s.version, time: formatChinaTime(s.updatedAt, lang) })}
          </p>
        </div>
      )}

      {p.canEdit && (
        <>
          <div className="palette">
            <button className={p.adding ? 'on' : ''} aria-pressed={p.adding} onClick={() => p.onAddTool(!p.adding)} disabled={p.busy || Boolean(p.scenarioId !== null && (p.error || !s))} data-testid="palette-add">
              ＋ {t('planning.toolAdd')}
            </button>
            <input value={p.addOptions.name} onChange={(e) => p.onAddOptions({ ...p.addOptions, name: e.target.value })} placeholder={t('planning.newName')} aria-label={t('planning.newName')} maxLength={80} data-testid="add-name" />
            <input
              type="number"
              min={1}
              value={p.addOptions.capacity}
              onChange={(e) => p.onAddOptions({ ...p.addOptions, capacity: e.target.value })}
              placeholder={t('planning.newCapacityShort', { unit: CAPACITY_UNIT[type.unit][lang] })}
              aria-label={t('planning.newCapacity', { unit: CAPACITY_UNIT[type.unit][lang] })}
              title={t('planning.newCapacity', { unit: CAPACITY_UNIT[type.unit][lang] })}
              data-testid="add-capacity"
            />
          </div>
          {p.adding && <p className="hint small" role="status">{t('planning.hint_add')}</p>}
          {p.scenarioId === null && <p className="muted small">{t('planning.needScenario')}</p>}
        </>
      )}

      {s && (
        <>
          <h3>{t('planning.edits')} <small>({s.edits.length})</small></h3>
          {s.edits.length === 0 ? (
            <p className="empty">{t('planning.noEdits')}</p>
          ) : (
            <ol className="edit-list" data-testid="edit-list">
              {s.edits.map((e, i) => {
                const what = editText(e);
                return (
                  <li key={`${e.op}-${e.op === 'add' ? e.key : e.facilityId}`} className={`edit ${e.op}`}>
                    <span>{what}</span>
                    {p.canEdit && (
                      <button className="link" onClick={() => p.onUndo(i)} disabled={p.busy} aria-label={t('planning.undoEdit', { what })} data-testid={`undo-${i}`}>
                        {t('planning.undo')}
                      </button>
                    )}
                  </li>
                );
              })}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
