/**
 * Plain JSON over HTTP for the residents' pages (the /api/reports and Open311 routes are not tRPC).
 * Errors carry the HTTP status and the server's own message (`{ error }`); status 0 means the request never
 * got an answer (offline, connection dropped), the one case worth retrying.
 */
import type { Receipt, Tracking } from '../../../api/cases/intake';

export type { Receipt, Tracking };

/** One Open311 GeoReport v2 service, as /open311/v2/services.json lists it. */
export interface Service {
  service_code: string;
  service_name: string;
  description: string;
  group: string;
}

/** What the 随手拍 form posts to /api/reports. */
export interface ReportBody {
  typeCode: string;
  description: string;
  lng?: number;
  lat?: number;
  address?: string;
  name?: string;
  phone?: string;
  photo?: { contentType: string; base64: string };
  idempotencyKey: string;
}

export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

function messageOf(body: unknown, status: number): string {
  if (body && typeof body === 'object' && 'error' in body && typeof body.error === 'string') return body.error;
  if (Array.isArray(body) && typeof body[0]?.description === 'string') return body[0].description;
  return `HTTP ${status}`;
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store', signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new HttpError((err as Error).message || 'network error', 0);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw new HttpError(messageOf(body, res.status), res.status);
  return body as T;
}

/**
 * POST JSON and read JSON back. Uses XMLHttpRequest rather than fetch for one reason: upload progress,
 * which a resident on a phone sending a 4 MB photo wants to see.
 */
export function postJson<T>(url: string, body: unknown, onUploadProgress?: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.timeout = 120_000;
    if (onUploadProgress) {
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onUploadProgress(e.loaded / e.total);
      };
    }
    xhr.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        // Not JSON (a proxy's error page): the status says enough.
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(parsed as T);
      else reject(new HttpError(messageOf(parsed, xhr.status), xhr.status));
    };
    xhr.onerror = () => reject(new HttpError('network error', 0));
    xhr.ontimeout = () => reject(new HttpError('the server took too long to answer', 0));
    xhr.send(JSON.stringify(body));
  });
}

/** Status of an error from these helpers (0: no answer), or null for anything else. */
export function statusOf(err: unknown): number | null {
  return err instanceof HttpError ? err.status : null;
}

/**
 * A key for one filling of the form: a retried submission (double click, network retry) sends the same key
 * and gets the first report's tracking number back. crypto.randomUUID exists only in secure contexts (https,
 * localhost), so a plain-http intranet address falls back to getRandomValues.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Copy text to the clipboard; the Clipboard API needs a secure context, so fall back to a selection. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the selection fallback
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok: boolean;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

export const TRACKING_NO = /^R[0-9A-Z]{10}$/;

/**
 * A tracking number as typed or read out on the phone: upper case, without spaces or dashes, and the letters
 * that Crockford base32 never uses (O, I, L) read as the digits they look like.
 */
export function normalizeTrackingNo(input: string): string {
  const s = input.toUpperCase().replace(/[\s-]/g, '');
  return s.length ? s[0] + s.slice(1).replace(/O/g, '0').replace(/[IL]/g, '1') : s;
}

const TOKENS_KEY = 'cb-report-tokens';
const TOKENS_KEPT = 20;

/** The tracking link of a report: with its token, the reporter's own (photo, rating). */
export function trackingHref(trackingNo: string, token?: string | null): string {
  return `?view=track&no=${encodeURIComponent(trackingNo)}${token ? `&token=${encodeURIComponent(token)}` : ''}`;
}

function storedTokens(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(TOKENS_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** Keep a report's token on this device (the last few reports), so its tracking page works without the link too. */
export function rememberReportToken(trackingNo: string, token: string): void {
  try {
    const kept = Object.entries(storedTokens()).filter(([no]) => no !== trackingNo).slice(-(TOKENS_KEPT - 1));
    localStorage.setItem(TOKENS_KEY, JSON.stringify(Object.fromEntries([...kept, [trackingNo, token]])));
  } catch {
    // Storage off (private mode): the link is what the reporter keeps.
  }
}

/** The token kept on this device for a report, if any. */
export function rememberedReportToken(trackingNo: string): string | null {
  const token = storedTokens()[trackingNo];
  return typeof token === 'string' ? token : null;
}
