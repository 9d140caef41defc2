/** The dashboard's client for the API: typed tRPC over `/trpc`, and the tile loading counter. */
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../api/root';

export const trpc = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: '/trpc' })],
});

type Outputs = inferRouterOutputs<AppRouter>;
export type AreaDetail = Outputs['area']['get'];
export type AreaFigures = AreaDetail['figures'];
export type AreaChild = AreaDetail['children'][number];
export type BuildingDetail = Outputs['building']['byId'];
export type SearchResults = Outputs['area']['search'];
export type AppConfig = Outputs['system']['config'];

/** A message for the user: the server's own words for API errors, a plain one when the network failed. */
export function errorMessage(err: unknown): string {
  if (err instanceof TRPCClientError) {
    if (!err.data && /fetch|network/i.test(err.message)) return `cannot reach the server (${err.message})`;
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

export function isNotFound(err: unknown): boolean {
  return err instanceof TRPCClientError && err.data?.code === 'NOT_FOUND';
}
