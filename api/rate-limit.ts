import { TRPCError } from '@trpc/server';

/**
 * A sliding-window limit per key (a client address): at most `limit` hits in `windowMs`. Kept in the
 * process's memory, so with several API processes each counts its own share.
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

/** A public procedure's share of the caller's public-endpoint limit; TOO_MANY_REQUESTS beyond it. */
export function takePublic(limiter: RateLimiter, ip: string): void {
  const wait = limiter.take(ip);
  if (wait) {
    throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `too many requests from your address: ${limiter.limit} in ${Math.round(limiter.windowMs / 1000)} s to public endpoints; try again in ${wait} s` });
  }
}
