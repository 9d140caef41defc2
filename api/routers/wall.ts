/** The command-centre wall (指挥大屏): what a wall screen shows — its display's area, tour, fit and alert time. */
import { router, procedure, caller } from '../trpc';
import { queryOne } from '../sql';
import { DEFAULT_WALL_SCENES, WALL_TAKEOVER_S, type WallFit, type WallScene } from '../../tiles/domain/wall';

export interface WallConfig {
  /** The display, or null for a member of staff's preview of their own scope. */
  displayId: number | null;
  name: string;
  areaCode: string;
  areaName: string;
  scenes: WallScene[];
  fit: WallFit;
  takeoverS: number;
}

export const wallRouter = router({
  /**
   * For a display's session its display (and it is marked as seen, at most once a minute); for anyone else a
   * preview of their own scope with the default tour.
   */
  config: procedure.query(async ({ ctx }): Promise<WallConfig> => {
    const user = caller(ctx);
    if (user.role === 'display') {
      const d = await queryOne(ctx.pool, 'display-for-account', [user.id]);
      if (d) return { displayId: d.id, name: d.name, areaCode: d.area_code, areaName: d.area_name, scenes: d.scenes, fit: d.fit, takeoverS: d.takeover_s };
    }
    return {
      displayId: null,
      name: user.scopeName,
      areaCode: user.scopeCode,
      areaName: user.scopeName,
      scenes: DEFAULT_WALL_SCENES.map((s) => ({ ...s })),
      fit: 'letterbox',
      takeoverS: WALL_TAKEOVER_S,
    };
  }),
});
