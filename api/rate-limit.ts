import { TRPCError } from '@trpc/server';
import type { Queryable } from './sql';
import { queryOne } from './sql';

/**
 * A sliding-window limit per key (a client address): at most `limit` hits in `windowMs`. Kept in the
 * process's memory, so with several API processes each counts its own share: for limits where that is
 * acceptable (the public reads, PUBLIC_RATE_LIMIT per process). Limits that must hold for the whole
 * deployment are SharedLimits.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 50_000,
  ) {}

  /** Count a hit of `key`: 0 when it is within the limit, else the seconds until one is (the hit is not counted). */
  take(key: string, now = Date.now()): number {
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000));
    }
    recent.push(now);
    // Re-inserted last: the map's order is least recently seen first, which is what is dropped when full.
    this.hits.delete(key);
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
    return 0;
  }
}

/**
 * A sliding-window limit per key kept in the database (table rate_limits), so that every API process behind
 * the proxy counts against the same window: sign-ins, public reports and ratings. One statement per hit.
 */
export class SharedLimit {
  constructor(
    /** The window's name in the table: 'login', 'report', 'rating'. */
    readonly bucket: string,
    public limit: number,
    readonly windowS: number,
  ) {}

  /** Count a hit of `key`: 0 when it is within the limit, else the seconds until one is (the hit is not counted). */
  async take(db: Queryable, key: string): Promise<number> {
    const row = await queryOne(db, 'rate-limit-take', [this.bucket, key, this.limit, this.windowS]);
    return row!.admitted ? 0 : row!.wait_s;
  }
}

/** Forget windows nobody has hit for an hour (run by the sensing sweep). */
export async function pruneRateLimits(db: Queryable): Promise<void> {
  await queryOne(db, 'rate-limits-prune');
}

/** A public procedure's share of the caller's public-endpoint limit; TOO_MANY_REQUESTS beyond it. */
export function takePublic(limiter: RateLimiter, ip: string): void {
  const wait = limiter.take(ip);
  if (wait) {
    throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `too many requests from your address: ${limiter.limit} in ${Math.round(limiter.windowMs / 1000)} s to public endpoints; try again in ${wait} s` });
  }
}
