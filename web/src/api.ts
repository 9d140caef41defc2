/** The dashboard's client for the API: typed tRPC over `/trpc`, and the tile loading counter. */
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../api/root';

/** The double-submit CSRF token: the server's `cb_csrf` cookie, echoed in a header on every call. */
export function csrfToken(): string {
  return /(?:^|;\s*)cb_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '';
}

export const trpc = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      // Subscriptions (incident.live) over server-sent events; the session cookie goes with them.
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url: '/trpc' }),
      false: httpBatchLink({ url: '/trpc', headers: () => ({ 'x-csrf-token': csrfToken() }) }),
    }),
  ],
});

type Outputs = inferRouterOutputs<AppRouter>;
export type AreaDetail = Outputs['area']['get'];
export type AreaFigures = AreaDetail['figures'];
export type AreaChild = AreaDetail['children'][number];
export type BuildingDetail = Outputs['building']['byId'];
export type SearchResults = Outputs['area']['search'];
export type AppConfig = Outputs['system']['config'];
export type Me = NonNullable<Outputs['auth']['me']>;
export type ResidentsPage = Outputs['residents']['list'];
export type AuditPage = Outputs['audit']['list'];
export type AccountRow = Outputs['admin']['accounts'][number];
export type CaseListPage = Outputs['incident']['list'];
export type CaseSummary = CaseListPage['items'][number];
export type CaseDetail = Outputs['incident']['byId'];
export type DeviceDetail = Outputs['device']['byId'];
export type Telemetry = Outputs['device']['telemetry'];
export type AlarmPage = Outputs['alarm']['list'];
export type AlarmItem = AlarmPage['items'][number];
export type CameraDetail = Outputs['camera']['byId'];
export type FreeParking = Outputs['parking']['nearestFree']['results'][number];
export type WallConfig = Outputs['wall']['config'];
export type Timeline = Outputs['incident']['timeline'];

/** A message for the user: the server's own words for API errors, a plain one when the network failed. */
export function errorMessage(err: unknown): string {
  if (err instanceof TRPCClientError) {
    if (!err.data && /fetch|network/i.test(err.message)) return `cannot reach the server (${err.message})`;
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

export function isUnauthorized(err: unknown): boolean {
  return err instanceof TRPCClientError && err.data?.code === 'UNAUTHORIZED';
}

export function isNotFound(err: unknown): boolean {
  return err instanceof TRPCClientError && err.data?.code === 'NOT_FOUND';
}
