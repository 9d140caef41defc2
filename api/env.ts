import { isIP } from 'node:net';
import { z } from 'zod';

/** A proxy address for TRUST_PROXY: an IP, a CIDR block, or one of proxy-addr's names (loopback, linklocal, uniquelocal). */
function proxyAddressProblem(entry: string): string | null {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return null;
  const [ip, bits, extra] = entry.split('/');
  const family = isIP(ip);
  if (!family || extra !== undefined) return `"${entry}" is not an IP address or CIDR block`;
  if (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128))) return `"${entry}" has a bad prefix length`;
  return null;
}

/**
 * TRUST_PROXY: how many reverse proxies stand in front of the server (a hop count), or the addresses of
 * the trusted ones (comma-separated IPs and CIDR blocks). Fastify then takes the client address, protocol
 * and host from X-Forwarded-For, -Proto and -Host as those proxies set them. Unset: trust no proxy.
 */
export const trustProxySchema = z
  .string()
  .trim()
  .transform((value, ctx): number | string => {
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops < 1 || hops > 10) ctx.addIssue({ code: 'custom', message: 'a hop count from 1 to 10' });
      return hops;
    }
    const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
    const problems = entries.map(proxyAddressProblem).filter(Boolean);
    if (!entries.length || problems.length) ctx.addIssue({ code: 'custom', message: `a hop count or comma-separated IPs/CIDRs of the proxies: ${problems.join('; ') || 'empty'}` });
    return entries.join(',');
  });

/** Server configuration, validated once at start-up so a bad value fails fast with its name. */
export const envSchema = z.object({
  /** A real PostgreSQL ≥ 15 with PostGIS ≥ 3.3. Unset: the embedded PGlite + PostGIS database. */
  DATABASE_URL: z.string().url().optional(),
  /**
   * Optional: a streaming replica of DATABASE_URL's database. Tiles (other than live cases) and the leaders'
   * figures are read there; writes, and reads that must see their own writes, stay on DATABASE_URL.
   */
  DATABASE_READ_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Interface to listen on; set 0.0.0.0 to serve wall displays on the LAN. */
  HOST: z.string().default('127.0.0.1'),
  /** Where the embedded database keeps its files. */
  DATA_DIR: z.string().default('.data'),
  /** Seed number and scale of the generated city (used on first start only). */
  SEED: z.coerce.number().int().min(0).default(42),
  SEED_SCALE: z.coerce.number().positive().max(50).default(1),
  /** Optional external MapLibre style URL; by default the basemap is self-hosted from our own tiles. */
  MAP_STYLE_URL: z.string().url().optional(),
  /**
   * Public origin of absolute URLs (TileJSON `tiles`, Open311 links, tracking links), e.g.
   * https://citybrain.example.gov.cn. Unset: the request's own origin (behind a proxy only with TRUST_PROXY).
   */
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'PUBLIC_URL is an http(s) origin such as https://citybrain.example.gov.cn' }).optional(),
  /** The reverse proxies to trust (hop count or CIDRs); see trustProxySchema. Unset: none. */
  TRUST_PROXY: trustProxySchema.optional(),
  /** 'production' makes the server refuse demo accounts with the demo password unless DEMO_MODE=on. */
  NODE_ENV: z.string().optional(),
  /** Demo mode: demo accounts (and, later, simulated live data). Default on, except in production. */
  DEMO_MODE: z.enum(['on', 'off']).optional(),
  /** Password of the demo accounts. */
  DEMO_PASSWORD: z.string().min(8, 'DEMO_PASSWORD needs at least 8 characters').default('citybrain-demo'),
  /** Login attempts allowed per client address in 10 minutes. */
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /** Simulated live intake and case handling, so the dashboard is alive: default on in demo mode. */
  SIMULATOR: z.enum(['on', 'off']).optional(),
  /** How often overdue cases are looked for and escalated (seconds). */
  ESCALATION_INTERVAL_S: z.coerce.number().int().min(1).max(3600).default(30),
  /** Public reports (随手拍, Open311 POST) accepted per client address in 10 minutes; ratings count apart, as many. */
  REPORT_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(20),
  /** Requests per client address and minute to the other public endpoints (tracking, photos, Open311 GET, parking.*). */
  PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(120),
  /** Bearer token of device gateways and video-analytics servers (POST /api/telemetry, /api/video-events). Demo mode without one: DEMO_INGEST_TOKEN. */
  INGEST_TOKEN: z.string().min(16, 'INGEST_TOKEN needs at least 16 characters').optional(),
  /** Days of telemetry kept; older day partitions are dropped. */
  TELEMETRY_RETENTION_DAYS: z.coerce.number().int().min(8).max(3650).default(30),
  /** How often devices are checked for missed heartbeats, partitions prepared and old ones dropped (seconds). */
  SENSING_INTERVAL_S: z.coerce.number().int().min(1).max(3600).default(30),
  /** One JSON line per request at `info` (method, route, status, ms); cached tile hits and static files only at `debug`. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `on`: cached tile hits and static files get their request line at `info` too (off: at `debug` only). */
  LOG_TILE_HITS: z.enum(['on', 'off']).default('off'),
  /**
   * Bearer token that lets a scraper read `GET /metrics` from anywhere. Without it (or without the header) only
   * a loopback client that did not come through a proxy may read the metrics.
   */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN needs at least 16 characters').optional(),
});
export type Env = z.infer<typeof envSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${problems}`);
  }
  return parsed.data;
}

/** Demo mode is on unless switched off, or unless in production and not switched on. */
export function demoMode(env: Pick<Env, 'NODE_ENV' | 'DEMO_MODE'>): boolean {
  return env.DEMO_MODE ? env.DEMO_MODE === 'on' : env.NODE_ENV !== 'production';
}

/** The ingest token of demo mode: documented, so never valid outside demo mode. */
export const DEMO_INGEST_TOKEN = 'citybrain-demo-ingest';

/**
 * The token device gateways must send, or null when ingest is switched off (outside demo mode without
 * INGEST_TOKEN). Outside demo mode the documented demo token is refused even when configured: it is public.
 */
export function ingestToken(env: Pick<Env, 'NODE_ENV' | 'DEMO_MODE' | 'INGEST_TOKEN'>): string | null {
  if (!demoMode(env) && env.INGEST_TOKEN === DEMO_INGEST_TOKEN) {
    throw new Error(`INGEST_TOKEN is the documented demo token ${DEMO_INGEST_TOKEN}, which works in demo mode only: choose a secret token of your own`);
  }
  return env.INGEST_TOKEN ?? (demoMode(env) ? DEMO_INGEST_TOKEN : null);
}

/** The simulator runs in demo mode unless SIMULATOR=off (or SIMULATOR=on asks for it anyway). */
export function simulatorOn(env: Pick<Env, 'NODE_ENV' | 'DEMO_MODE' | 'SIMULATOR'>): boolean {
  return env.SIMULATOR ? env.SIMULATOR === 'on' : demoMode(env);
}
