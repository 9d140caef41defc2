import { z } from 'zod';

/**
 * Area codes nest: city 4 digits (3501), district 6, street 9, community 12, grid 15.
 * Shared by the API's `.input()` and the dashboard's URL parsing.
 */
export const areaCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{4}(\d{2}(\d{3}(\d{3}(\d{3})?)?)?)?$/, 'an area code has 4, 6, 9, 12 or 15 digits, e.g. 3501, 350102, 350102004');
export type AreaCode = z.infer<typeof areaCodeSchema>;

export const CITY_CODE = '3501';

export const areaLevelSchema = z.enum(['city', 'district', 'street', 'community', 'grid']);
export type AreaLevel = z.infer<typeof areaLevelSchema>;

export const areaGetInputSchema = z.object({ code: areaCodeSchema });
export const areaSearchInputSchema = z.object({
  q: z.string().trim().min(1, 'type at least one character').max(50, 'at most 50 characters'),
  limit: z.number().int().min(1).max(50).default(12),
});
export const buildingByIdInputSchema = z.object({ id: z.number().int().positive().max(2_147_483_647) });

/** Length of the code one level below an area's (a grid has no area children). */
export function childCodeLength(code: string): number {
  return { 4: 6, 6: 9, 9: 12, 12: 15, 15: 15 }[code.length] ?? code.length;
}
