/** Grid outlines; the current grid highlighted. */
import { defineLayer, outlineLayer, rgba } from '../layer-kit';

const grids = defineLayer({
  id: 'grids',
  order: 20,
  color: [250, 204, 21],
  deck: (ctx) => [outlineLayer(ctx, { width: () => 0.8, color: () => rgba(grids.color, 120), current: { width: 2.5, color: [253, 224, 71, 255] } })],
});
export default grids;
