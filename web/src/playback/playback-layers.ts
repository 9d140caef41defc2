/**
 * What playback draws over the map at the clock's time: every case as it stood then (coloured by status;
 * closed ones faint), the alarms live then (ringed by severity), and the heat of where cases were reported
 * in the window up to the clock.
 */
import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import { CASE_STATUS, isLiveStatus, type CaseStatus } from '../../../tiles/domain/cases';
import { SEVERITY, type Severity } from '../../../tiles/domain/sensing';
import { heatLayer } from '../metrics/metrics-layers';
import { rgba } from '../map/layer-kit';
import type { Playback } from './use-playback';

type PlaybackCase = Playback['cases'][number];
type PlaybackAlarm = Playback['alarms'][number];

/** `scale` enlarges the marks for a wall read from across the room. */
export function playbackLayers(p: Pick<Playback, 'cases' | 'alarms' | 'reported' | 't'>, scale = 1): Layer[] {
  const cells = p.reported.map((e) => ({ lng: e.lng, lat: e.lat, count: 1 }));
  const statusColor = (s: string) => CASE_STATUS[s as CaseStatus]?.color ?? CASE_STATUS.registered.color;
  return [
    heatLayer(cells, 'playback-heat'),
    new ScatterplotLayer<PlaybackCase>({
      id: 'playback-cases',
      data: p.cases,
      getPosition: (c) => [c.lng, c.lat],
      radiusUnits: 'pixels',
      getRadius: (c) => (isLiveStatus(c.status) ? 4.5 : 3) * scale,
      getFillColor: (c) => rgba(statusColor(c.status), isLiveStatus(c.status) ? 235 : 70),
      stroked: true,
      getLineColor: [4, 10, 20, 200],
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
      parameters: { depthCompare: 'always' },
      updateTriggers: { getRadius: scale },
    }),
    new ScatterplotLayer<PlaybackAlarm>({
      id: 'playback-alarms',
      data: p.alarms,
      getPosition: (a) => [a.lng, a.lat],
      radiusUnits: 'pixels',
      getRadius: 8 * scale,
      filled: false,
      stroked: true,
      getLineColor: (a) => rgba(SEVERITY[a.severity as Severity]?.color ?? SEVERITY.minor.color, 255),
      lineWidthUnits: 'pixels',
      getLineWidth: 2.5 * scale,
      parameters: { depthCompare: 'always' },
      updateTriggers: { getRadius: scale, getLineWidth: scale },
    }),
  ];
}
