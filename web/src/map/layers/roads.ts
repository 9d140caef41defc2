/** Roads are drawn by the basemap (maplibre) under everything; this toggle shows and hides them. */
import { legendOf, ROAD_CLASS } from '../../../../tiles/domain';
import { defineLayer } from '../layer-kit';

export default defineLayer({
  id: 'roads',
  order: 0,
  color: [71, 85, 105],
  legend: { field: 'class', items: legendOf(ROAD_CLASS) },
  basemap: ['roads-local', 'roads-arterial'],
  deck: () => [],
});
