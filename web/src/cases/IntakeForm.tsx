/**
 * Operator intake (12345 calls, patrol findings, video and IoT alarms): type, channel, priority, description;
 * the place is the map's crosshair (move the map to put it on the spot). Registered at once; an
 * idempotency key made per form keeps a double submit from making two cases.
 */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { errorMessage, trpc } from '../api';
import { label, useI18n } from '../i18n';

const SOURCES = ['hotline_12345', 'patrol', 'video', 'iot'] as const;

interface Props {
  types: { code: string; name: string; nameEn: string; major: string }[];
  center: () => [number, number] | null;
  onCreated(id: number): void;
  onClose(): void;
}

export function IntakeForm({ types, center, onCreated, onClose }: Props) {
  const { t, lang } = useI18n();
  const [typeCode, setTypeCode] = useState(types[0]?.code ?? '');
  const [source, setSource] = useState<(typeof SOURCES)[number]>('hotline_12345');
  const [priority, setPriority] = useState(2);
  const [description, setDescription] = useState('');
  const [key] = useState(() => `op-${crypto.randomUUID()}`);
  const create = useMutation({
    mutationFn: () => {
      const at = center();
      if (!at) throw new Error(t('mapNotReady'));
      return trpc.incident.create.mutate({ typeCode, source, priority, description, lng: at[0], lat: at[1], idempotencyKey: key });
    },
    onSuccess: (c) => onCreated(c.id),
  });

  return (
    <div className="intake-overlay">
      <div className="crosshair" aria-hidden>＋</div>
      <form
        className="panel intake-form"
        data-testid="intake-form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <div className="row">
          <h2>{t('caseNew')}</h2>
          <button type="button" className="icon" onClick={onClose} aria-label={t('close')}>✕</button>
        </div>
        <p className="muted small">{t('intakeHint')}</p>
        <label>
          {t('filterType')}
          <select value={typeCode} onChange={(e) => setTypeCode(e.target.value)} data-testid="intake-type">
            {types.map((ty) => (
              <option key={ty.code} value={ty.code}>{ty.code} {lang === 'zh' ? ty.name : ty.nameEn}</option>
            ))}
          </select>
        </label>
        <label>
          {t('filterSource')}
          <select value={source} onChange={(e) => setSource(e.target.value as typeof source)} data-testid="intake-source">
            {SOURCES.map((s) => (
              <option key={s} value={s}>{label(t, 'source', s)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('priority')}
          <select value={priority} onChange={(e) => setPriority(Number(e.target.value))}>
            {[1, 2, 3].map((p) => (
              <option key={p} value={p}>{t(`priority_${p}` as 'priority_1')}</option>
            ))}
          </select>
        </label>
        <label>
          {t('description')}
          <textarea required minLength={2} maxLength={1000} value={description} onChange={(e) => setDescription(e.target.value)} data-testid="intake-description" />
        </label>
        {create.isError && <p className="error-text" role="alert">{errorMessage(create.error)}</p>}
        <div className="row">
          <button type="button" onClick={onClose}>{t('cancel')}</button>
          <button type="submit" className="primary" disabled={create.isPending} data-testid="intake-submit">
            {create.isPending ? t('saving') : t('register')}
          </button>
        </div>
      </form>
    </div>
  );
}
