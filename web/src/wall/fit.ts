/**
 * How the wall's 1920×1080 design canvas (the side panels, the top bar, the type) meets a screen of any
 * size: `letterbox` scales it by the smaller ratio and centres it; `stretch` scales it by the height and
 * widens the canvas to the screen, so on a 7680×2160 wall the panels sit at its edges and the map fills
 * the middle. The map is not part of the canvas: it is drawn at the screen's own resolution.
 */
import { WALL_DESIGN_HEIGHT, WALL_DESIGN_WIDTH, type WallFit } from '../../../tiles/domain/wall';

export interface CanvasFit {
  /** CSS scale of the canvas. */
  scale: number;
  /** The canvas's size in design pixels (width grows with `stretch` on wide screens). */
  width: number;
  height: number;
  /** Its top-left corner on the screen, in screen pixels. */
  left: number;
  top: number;
}

export function fitCanvas(screenW: number, screenH: number, fit: WallFit): CanvasFit {
  const w = Math.max(1, screenW);
  const h = Math.max(1, screenH);
  if (fit === 'stretch') {
    // By the height, unless the screen is narrower than the design (then by the width, like letterbox).
    const scale = Math.min(h / WALL_DESIGN_HEIGHT, w / WALL_DESIGN_WIDTH);
    return { scale, width: w / scale, height: h / scale, left: 0, top: 0 };
  }
  const scale = Math.min(w / WALL_DESIGN_WIDTH, h / WALL_DESIGN_HEIGHT);
  return {
    scale,
    width: WALL_DESIGN_WIDTH,
    height: WALL_DESIGN_HEIGHT,
    left: (w - WALL_DESIGN_WIDTH * scale) / 2,
    top: (h - WALL_DESIGN_HEIGHT * scale) / 2,
  };
}

/** The design canvas's panels, in design pixels: what the map must keep clear when it frames an area. */
export const WALL_PANEL = { top: 96, side: 440, bottom: 64 } as const;

/** The map's padding on the screen (screen pixels) for a fitted canvas. */
export function mapPadding(f: CanvasFit): { left: number; right: number; top: number; bottom: number } {
  const screenW = f.width * f.scale + 2 * f.left;
  const canvasRight = f.left + f.width * f.scale;
  return {
    left: Math.round(f.left + WALL_PANEL.side * f.scale),
    right: Math.round(screenW - canvasRight + WALL_PANEL.side * f.scale),
    top: Math.round(f.top + WALL_PANEL.top * f.scale),
    bottom: Math.round(f.top + WALL_PANEL.bottom * f.scale),
  };
}
