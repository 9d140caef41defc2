/**
 * 随手拍 (report a problem): kind of problem, description, place (map or address), optional contact and photo.
 * One idempotency key per filling of the form, so a double click or a network retry files one report only.
 * The answer is the tracking number, the resident's key to the tracking page.
 */
import { useEffect, useId, useMemo, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { formatBytes, formatChinaTime, groupLabel, residentStatus, serviceLabel, useI18n, type Translate } from '../i18n';
import { copyText, getJson, newIdempotencyKey, postJson, rememberReportToken, statusOf, trackingHref, type Receipt, type ReportBody, type Service } from './http';
import { LazyPlaceMap } from './LazyPlaceMap';
import type { LngLat } from './PlaceMap';

const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const MAX_PHOTO_BYTES = 4 * 1024 * 1024;
const MAX_DESCRIPTION = 1000;
const PHONE = /^[0-9+\- ]{5,20}$/;
/** Kinds of problem that are dangers first: the form says to call for help at once. */
const URGENT_TYPES = new Set(['SJ0404', 'SJ0401', 'SJ0402']);

interface Photo {
  contentType: string;
  base64: string;
  previewUrl: string;
  name: string;
  size: number;
}

interface FormState {
  typeCode: string;
  description: string;
  point: LngLat | null;
  address: string;
  name: string;
  phone: string;
}

const EMPTY: FormState = { typeCode: '', description: '', point: null, address: '', name: '', phone: '' };

type FieldErrors = Partial<Record<'typeCode' | 'description' | 'location' | 'phone', string>>;
/** The input each error's link in the summary leads to (the address box stands for the place). */
const FIELD_INPUT: Record<keyof FieldErrors, string> = { typeCode: 'type', description: 'desc', location: 'address', phone: 'phone' };

function validate(f: FormState, t: Translate): FieldErrors {
  const errors: FieldErrors = {};
  if (!f.typeCode) errors.typeCode = t('pub.errType');
  if (f.description.trim().length < 4) errors.description = t('pub.errDescription');
  if (!f.point && f.address.trim().length < 2) errors.location = t('pub.errLocation');
  if (f.phone.trim() && !PHONE.test(f.phone.trim())) errors.phone = t('pub.errPhone');
  return errors;
}

function bodyOf(f: FormState, photo: Photo | null, idempotencyKey: string): ReportBody {
  const address = f.address.trim();
  return {
    typeCode: f.typeCode,
    description: f.description.trim(),
    ...(f.point ? { lng: f.point[0], lat: f.point[1] } : {}),
    ...(address.length >= 2 ? { address } : {}),
    ...(f.name.trim() ? { name: f.name.trim() } : {}),
    ...(f.phone.trim() ? { phone: f.phone.trim() } : {}),
    ...(photo ? { photo: { contentType: photo.contentType, base64: photo.base64 } } : {}),
    idempotencyKey,
  };
}

/** The file's bytes as base64, without the `data:…;base64,` prefix. */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** Server messages a resident is likely to meet, said in plain words; the server's own words follow them. */
const KNOWN_PROBLEMS: [RegExp, 'pub.errAddressUnknown' | 'pub.errOutsideCity' | 'pub.errTypeUnknown' | 'pub.errPhotoRefused'][] = [
  [/no building with the address/i, 'pub.errAddressUnknown'],
  [/not inside any grid/i, 'pub.errOutsideCity'],
  [/no case type/i, 'pub.errTypeUnknown'],
  [/^photo:/i, 'pub.errPhotoRefused'],
];

function submitError(err: unknown, t: Translate): { headline: string; detail: string | null } {
  const status = statusOf(err);
  const message = err instanceof Error ? err.message : String(err);
  if (status === 0) return { headline: t('pub.errNetwork'), detail: null };
  if (status === 429) return { headline: t('pub.errTooMany'), detail: message };
  const known = KNOWN_PROBLEMS.find(([re]) => re.test(message));
  return known ? { headline: t(known[1]), detail: message } : { headline: t('pub.errServer', { message }), detail: null };
}

/** The page inside the residents' frame (PublicLayout). */
export function ReportPage() {
  const [key, setKey] = useState(newIdempotencyKey);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  return receipt ? (
    <ReceiptCard
      receipt={receipt}
      onAnother={() => {
        setReceipt(null);
        setKey(newIdempotencyKey());
      }}
    />
  ) : (
    // A new key is a new form: remounting clears every field.
    <ReportForm key={key} idempotencyKey={key} onDone={setReceipt} />
  );
}

function ReportForm({ idempotencyKey, onDone }: { idempotencyKey: string; onDone(r: Receipt): void }) {
  const { t } = useI18n();
  const id = useId();
  const services = useQuery({ queryKey: ['open311', 'services'], queryFn: ({ signal }) => getJson<Service[]>('/open311/v2/services.json', signal), staleTime: 10 * 60_000 });
  const [form, setForm] = useState<FormState>(EMPTY);
  const [place, setPlace] = useState<string | null>(null);
  const [photo, setPhoto] = useState<Photo | null>(null);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [retrying, setRetrying] = useState(false);
  const photoInput = useRef<HTMLInputElement>(null);
  const errorBox = useRef<HTMLDivElement>(null);

  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));
  const errors = attempted ? validate(form, t) : {};

  const groups = useMemo(() => {
    const out = new Map<string, Service[]>();
    for (const s of services.data ?? []) {
      const g = out.get(s.group) ?? [];
      g.push(s);
      out.set(s.group, g);
    }
    return [...out];
  }, [services.data]);

  const send = useMutation({
    mutationFn: (body: ReportBody) => {
      setProgress(0);
      return postJson<Receipt>('/api/reports', body, body.photo ? setProgress : undefined);
    },
    // Only a request that got no answer is retried, with the same key: the server returns the first receipt.
    retry: (count, err) => {
      const again = count < 2 && statusOf(err) === 0;
      setRetrying(again);
      return again;
    },
    retryDelay: (count) => 1000 * 2 ** count,
    onSuccess: (r) => onDone(r),
    onSettled: () => {
      setProgress(null);
      setRetrying(false);
    },
  });

  // The preview's object URL lives as long as the photo does.
  useEffect(() => {
    return () => {
      if (photo) URL.revokeObjectURL(photo.previewUrl);
    };
  }, [photo]);

  const onPhoto = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    setPhotoError(null);
    setPhoto(null);
    if (!file) return;
    const reject = (message: string) => {
      setPhotoError(message);
      if (photoInput.current) photoInput.current.value = '';
    };
    if (!PHOTO_TYPES.includes(file.type)) return reject(t('pub.photoType', { type: file.type || file.name.split('.').pop() || '?' }));
    if (file.size > MAX_PHOTO_BYTES) return reject(t('pub.photoSize', { size: formatBytes(file.size) }));
    try {
      const base64 = await readBase64(file);
      setPhoto({ contentType: file.type, base64, previewUrl: URL.createObjectURL(file), name: file.name, size: file.size });
    } catch (err) {
      reject(t('pub.photoReadError', { message: (err as Error).message }));
    }
  };

  const removePhoto = () => {
    setPhoto(null);
    setPhotoError(null);
    if (photoInput.current) {
      photoInput.current.value = '';
      photoInput.current.focus();
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (send.isPending) return;
    setAttempted(true);
    const problems = validate(form, t);
    if (Object.keys(problems).length) {
      // Let the summary render, then bring it into view for the resident and screen readers.
      requestAnimationFrame(() => errorBox.current?.focus());
      return;
    }
    send.mutate(bodyOf(form, photo, idempotencyKey));
  };

  const problems = Object.values(errors);
  const sendError = send.isError ? submitError(send.error, t) : null;
  const showErrors = problems.length > 0 || sendError || photoError;
  const selected = services.data?.find((s) => s.service_code === form.typeCode);
  const fieldId = (name: string) => `${id}-${name}`;
  const describedBy = (...ids: (string | false | null | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

  return (
    <form className="rp-card rp-form" onSubmit={submit} noValidate aria-labelledby={fieldId('title')} data-testid="report-form">
      <h1 id={fieldId('title')}>{t('pub.reportTitle')}</h1>
      <p className="rp-intro">{t('pub.reportIntro')}</p>
      <p className="rp-hint">
        <span className="rp-req" aria-hidden>*</span> {t('pub.required')}
      </p>
      <p className="rp-callout rp-callout-warn" role="note">
        <span aria-hidden>☎ </span>
        {t('pub.emergency')}
      </p>

      <div className="rp-field">
        <label htmlFor={fieldId('type')}>
          {t('pub.category')} <span className="rp-req" aria-hidden>*</span>
        </label>
        {services.isPending ? (
          <p className="rp-muted rp-loading" role="status">
            {t('pub.categoriesLoading')}
          </p>
        ) : services.isError ? (
          <div className="rp-callout rp-callout-error" role="alert">
            {t('pub.categoriesError', { message: (services.error as Error).message })}{' '}
            <button type="button" className="rp-button rp-button-small" onClick={() => services.refetch()}>
              {t('retry')}
            </button>
          </div>
        ) : groups.length === 0 ? (
          <p className="rp-callout">{t('pub.categoriesEmpty')}</p>
        ) : null}
        <select
          id={fieldId('type')}
          value={form.typeCode}
          onChange={(e) => set('typeCode', e.target.value)}
          required
          disabled={!services.isSuccess || groups.length === 0}
          aria-invalid={Boolean(errors.typeCode)}
          aria-describedby={describedBy(errors.typeCode && fieldId('type-error'))}
          data-testid="report-type"
          hidden={!services.isSuccess || groups.length === 0}
        >
          <option value="">{t('pub.categoryPlaceholder')}</option>
          {groups.map(([group, list]) => (
            <optgroup key={group} label={groupLabel(t, group)}>
              {list.map((s) => (
                <option key={s.service_code} value={s.service_code}>
                  {serviceLabel(t, s)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        {errors.typeCode && (
          <p className="rp-field-error" id={fieldId('type-error')}>
            {errors.typeCode}
          </p>
        )}
        {selected && URGENT_TYPES.has(selected.service_code) && (
          <p className="rp-callout rp-callout-error" role="alert">
            {t('pub.urgentType')}
          </p>
        )}
      </div>

      <div className="rp-field">
        <label htmlFor={fieldId('desc')}>
          {t('pub.description')} <span className="rp-req" aria-hidden>*</span>
        </label>
        <p className="rp-hint" id={fieldId('desc-hint')}>
          {t('pub.descriptionHint')}
        </p>
        <textarea
          id={fieldId('desc')}
          value={form.description}
          onChange={(e) => set('description', e.target.value)}
          rows={4}
          maxLength={MAX_DESCRIPTION}
          required
          placeholder={t('pub.descriptionPlaceholder')}
          aria-invalid={Boolean(errors.description)}
          aria-describedby={describedBy(fieldId('desc-hint'), errors.description && fieldId('desc-error'), fieldId('desc-count'))}
          data-testid="report-description"
        />
        <div className="rp-row rp-between">
          {errors.description ? (
            <p className="rp-field-error" id={fieldId('desc-error')}>
              {errors.description}
            </p>
          ) : (
            <span />
          )}
          <span className="rp-count" id={fieldId('desc-count')}>
            {t('pub.charCount', { n: form.description.length })}
          </span>
        </div>
      </div>

      <fieldset className="rp-field" aria-describedby={describedBy(errors.location && fieldId('loc-error'))}>
        <legend>
          {t('pub.location')} <span className="rp-req" aria-hidden>*</span>
        </legend>
        <p className="rp-hint">{t('pub.mapHint')}</p>
        <LazyPlaceMap point={form.point} onPick={(p) => set('point', p)} onPlace={setPlace} label={t('pub.mapLabel')} testId="report-map" />
        <div className="rp-picked" aria-live="polite">
          {form.point ? (
            <>
              <PinIcon />
              <span data-testid="report-point">
                {t('pub.picked', { lng: form.point[0].toFixed(5), lat: form.point[1].toFixed(5) })}
                {place && <> · {t('pub.pickedIn', { place })}</>}
              </span>
              <button type="button" className="rp-link-button" onClick={() => set('point', null)}>
                {t('pub.clearPoint')}
              </button>
            </>
          ) : (
            <span className="rp-muted">{t('pub.noPoint')}</span>
          )}
        </div>
        <label htmlFor={fieldId('address')} className="rp-sublabel">
          {t('pub.address')}
        </label>
        <input
          id={fieldId('address')}
          type="text"
          value={form.address}
          onChange={(e) => set('address', e.target.value)}
          maxLength={200}
          autoComplete="street-address"
          placeholder={t('pub.addressPlaceholder')}
          aria-invalid={Boolean(errors.location)}
          aria-describedby={describedBy(fieldId('address-hint'), errors.location && fieldId('loc-error'))}
          data-testid="report-address"
        />
        <p className="rp-hint" id={fieldId('address-hint')}>
          {t('pub.addressHint')}
        </p>
        {errors.location && (
          <p className="rp-field-error" id={fieldId('loc-error')}>
            {errors.location}
          </p>
        )}
      </fieldset>

      <div className="rp-field">
        <label htmlFor={fieldId('photo')}>
          {t('pub.photo')} <span className="rp-opt">{t('pub.optional')}</span>
        </label>
        <p className="rp-hint" id={fieldId('photo-hint')}>
          {t('pub.photoHint')}
        </p>
        <div className="rp-file">
          <input
            ref={photoInput}
            id={fieldId('photo')}
            className="rp-file-input"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            onChange={onPhoto}
            aria-invalid={Boolean(photoError)}
            aria-describedby={describedBy(fieldId('photo-hint'), photoError && fieldId('photo-error'))}
            data-testid="report-photo"
          />
          {/* The visible control; keyboard focus stays on the input itself, which opens the same dialog. */}
          <button type="button" className="rp-button" tabIndex={-1} aria-hidden onClick={() => photoInput.current?.click()}>
            <CameraIcon /> {photo ? t('pub.photoChange') : t('pub.photoChoose')}
          </button>
          <span className="rp-file-name">{photo ? photo.name : t('pub.photoNone')}</span>
        </div>
        {photoError && (
          <p className="rp-field-error" id={fieldId('photo-error')} data-testid="report-photo-error">
            {photoError}
          </p>
        )}
        {photo && (
          <figure className="rp-photo-preview">
            <img src={photo.previewUrl} alt={t('pub.photoPreview', { name: photo.name })} data-testid="report-photo-preview" />
            <figcaption>
              <span>
                {photo.name} · {formatBytes(photo.size)}
              </span>
              <button type="button" className="rp-link-button" onClick={removePhoto}>
                {t('pub.photoRemove')}
              </button>
            </figcaption>
          </figure>
        )}
      </div>

      <fieldset className="rp-field">
        <legend>
          {t('pub.contact')} <span className="rp-opt">{t('pub.optional')}</span>
        </legend>
        <p className="rp-hint">{t('pub.contactHint')}</p>
        <div className="rp-two">
          <div>
            <label htmlFor={fieldId('name')} className="rp-sublabel">
              {t('pub.name')}
            </label>
            <input id={fieldId('name')} type="text" value={form.name} onChange={(e) => set('name', e.target.value)} maxLength={40} autoComplete="name" placeholder={t('pub.namePlaceholder')} data-testid="report-name" />
          </div>
          <div>
            <label htmlFor={fieldId('phone')} className="rp-sublabel">
              {t('pub.phone')}
            </label>
            <input
              id={fieldId('phone')}
              type="tel"
              inputMode="tel"
              value={form.phone}
              onChange={(e) => set('phone', e.target.value)}
              maxLength={20}
              autoComplete="tel"
              placeholder={t('pub.phonePlaceholder')}
              aria-invalid={Boolean(errors.phone)}
              aria-describedby={describedBy(errors.phone && fieldId('phone-error'))}
              data-testid="report-phone"
            />
            {errors.phone && (
              <p className="rp-field-error" id={fieldId('phone-error')}>
                {errors.phone}
              </p>
            )}
          </div>
        </div>
      </fieldset>

      <div className="rp-submit-area">
        {showErrors && (
          <div className="rp-callout rp-callout-error" role="alert" tabIndex={-1} ref={errorBox} data-testid="report-error">
            {sendError && (
              <>
                <p>{sendError.headline}</p>
                {sendError.detail && <p className="rp-error-detail">{sendError.detail}</p>}
              </>
            )}
            {photoError && !sendError && <p>{photoError}</p>}
            {problems.length > 0 && (
              <>
                <p>{t('pub.errSummary')}</p>
                <ul>
                  {(Object.entries(errors) as [keyof FieldErrors, string][]).map(([field, message]) => (
                    <li key={field}>
                      <a
                        href={`#${fieldId(FIELD_INPUT[field])}`}
                        onClick={(e) => {
                          e.preventDefault();
                          const el = document.getElementById(fieldId(FIELD_INPUT[field]));
                          el?.scrollIntoView({ block: 'center' });
                          el?.focus();
                        }}
                      >
                        {message}
                      </a>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
        {send.isPending && <SendProgress progress={progress} retrying={retrying} />}
        <button type="submit" className="rp-button rp-button-primary rp-submit" disabled={send.isPending} aria-busy={send.isPending} data-testid="report-submit">
          {send.isPending ? t('pub.submitting') : t('pub.submit')}
        </button>
        <p className="rp-hint">{t('pub.consent')}</p>
      </div>
    </form>
  );
}

function SendProgress({ progress, retrying }: { progress: number | null; retrying: boolean }) {
  const { t } = useI18n();
  const pct = progress === null ? null : Math.round(progress * 100);
  const text = retrying ? t('pub.retrying') : pct !== null && pct > 0 && pct < 100 ? t('pub.uploading', { pct }) : t('pub.waiting');
  return (
    <div className="rp-progress" role="status" data-testid="report-progress">
      <div className="rp-progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined} aria-label={text}>
        <span className={pct === null || pct >= 100 ? 'rp-indeterminate' : ''} style={pct !== null && pct < 100 ? { width: `${pct}%` } : undefined} />
      </div>
      <span>{text}</span>
    </div>
  );
}

function ReceiptCard({ receipt, onAnother }: { receipt: Receipt; onAnother(): void }) {
  const { t, lang } = useI18n();
  const [copied, setCopied] = useState<boolean | null>(null);
  const [linkCopied, setLinkCopied] = useState<boolean | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'start' });
  }, []);
  // The token is the reporter's proof (photo, rating): kept on this device and in the link the reporter saves.
  useEffect(() => rememberReportToken(receipt.trackingNo, receipt.token), [receipt.trackingNo, receipt.token]);
  const copy = async () => setCopied(await copyText(receipt.trackingNo));
  const trackHref = trackingHref(receipt.trackingNo, receipt.token);
  const trackUrl = new URL(trackHref, window.location.href).href;
  return (
    <section className="rp-card rp-receipt" aria-labelledby="rp-receipt-title" data-testid="report-receipt">
      <div className="rp-receipt-icon" aria-hidden>✓</div>
      <h1 id="rp-receipt-title" tabIndex={-1} ref={heading}>
        {t('pub.successTitle')}
      </h1>
      {receipt.repeated && <p className="rp-callout">{t('pub.successRepeated')}</p>}
      <div className="rp-tracking-box">
        <span className="rp-tracking-label">{t('pub.trackingNo')}</span>
        <strong className="rp-tracking-no" data-testid="report-tracking-no">
          {receipt.trackingNo}
        </strong>
        <button type="button" className="rp-button rp-button-small" onClick={copy} data-testid="report-copy">
          {copied ? t('pub.copied') : t('pub.copy')}
        </button>
        <span className="rp-sr" aria-live="polite">
          {copied === true ? t('pub.copied') : copied === false ? t('pub.copyFailed') : ''}
        </span>
      </div>
      {copied === false && <p className="rp-field-error">{t('pub.copyFailed')}</p>}
      <p className="rp-hint">{t('pub.trackingNoHint')}</p>
      <div className="rp-tracking-box">
        <span className="rp-tracking-label">{t('pub.trackingLink')}</span>
        <a className="rp-tracking-link" href={trackHref} data-testid="report-tracking-link">
          {trackUrl}
        </a>
        <button type="button" className="rp-button rp-button-small" onClick={async () => setLinkCopied(await copyText(trackUrl))} data-testid="report-copy-link">
          {linkCopied ? t('pub.copied') : t('pub.copyLink')}
        </button>
      </div>
      {linkCopied === false && <p className="rp-field-error">{t('pub.copyFailed')}</p>}
      <p className="rp-hint">{t('pub.trackingLinkHint')}</p>
      <dl className="rp-facts">
        <div>
          <dt>{t('pub.caseNo')}</dt>
          <dd>{receipt.caseNo}</dd>
        </div>
        <div>
          <dt>{t('pub.statusNow')}</dt>
          <dd>{residentStatus(t, receipt.status)}</dd>
        </div>
        {receipt.expectedAt && (
          <div>
            <dt>{t('pub.expectedBy')}</dt>
            <dd>{formatChinaTime(receipt.expectedAt, lang)}</dd>
          </div>
        )}
      </dl>
      <div className="rp-actions">
        <a className="rp-button rp-button-primary" href={trackHref} data-testid="report-track-link">
          {t('pub.viewProgress')}
        </a>
        <button type="button" className="rp-button" onClick={onAnother} data-testid="report-another">
          {t('pub.reportAnother')}
        </button>
      </div>
    </section>
  );
}

/** Icons as inline SVG: emoji fonts are missing on some systems, and the CSP allows no icon fonts from elsewhere. */
function PinIcon() {
  return (
    <svg className="rp-icon rp-icon-pin" viewBox="0 0 24 24" width="16" height="16" aria-hidden focusable="false">
      <path d="M12 2a7 7 0 0 0-7 7c0 5.2 7 13 7 13s7-7.8 7-13a7 7 0 0 0-7-7zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5z" fill="currentColor" />
    </svg>
  );
}

function CameraIcon() {
  return (
    <svg className="rp-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden focusable="false">
      <path d="M9 3 7.2 5H4a2 2 0 0 0-2 2v11a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2h-3.2L15 3H9zm3 4.5a5 5 0 1 1 0 10 5 5 0 0 1 0-10zm0 2a3 3 0 1 0 0 6 3 3 0 0 0 0-6z" fill="currentColor" />
    </svg>
  );
}
