/**
 * A database that does not answer (stopped, restarting, out of reach) is an outage, not a bug: requests get
 * 503 with this message and a Retry-After, `/healthz` says why, and everything recovers by itself when the
 * database is back (the pool reconnects; the change feed resumes from the outbox).
 */

export const DATABASE_UNAVAILABLE = 'the database is unavailable at the moment (stopped or restarting); try again in a few seconds';
/** Seconds a client should wait before trying again. */
export const RETRY_AFTER_S = 5;

/** Socket errors of a lost or refused connection. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** PostgreSQL: admin/crash shutdown, cannot connect now (starting up or shutting down), connection exceptions (08…). */
const SQLSTATES = /^(57P01|57P02|57P03|08\d{3})$/;
const MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)/i;

/** Whether an error (or one it was caused by) says the database cannot be reached. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATES.test(code))) return true;
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
    if (e instanceof AggregateError && e.errors.some((x) => isDatabaseUnavailable(x))) return true;
  }
  return false;
}
