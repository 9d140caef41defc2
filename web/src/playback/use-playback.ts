/**
 * Time playback (时间回放): the area's case events of the last 24 hours or 7 days (incident.timeline), a
 * clock that runs over them at a chosen speed, and what the map, the figures and the feed show at that time:
 * the state of every case (playbackStateAt), the events up to it and the alarms live at it. The wall and the
 * desk dashboard share it.
 */
import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { trpc, type Timeline } from '../api';
import { PLAYBACK_SPEEDS, PLAYBACK_WINDOW_MS, type PlaybackWindow } from '../../../tiles/domain/wall';
import { isLiveStatus } from '../../../tiles/domain/cases';
import { chinaToday } from '../metrics/period';
import { playbackStateAt } from './state';

/** How often the running clock moves the picture (ms of real time). */
const FRAME_MS = 250;
/** The feed: this many events up to the clock. */
const FEED_KEEP = 8;

export type PlaybackSpeed = (typeof PLAYBACK_SPEEDS)[number];

export function usePlayback(areaCode: string, enabled: boolean) {
  const [window, setWindow] = useState<PlaybackWindow>('24h');
  const [speed, setSpeed] = useState<PlaybackSpeed>(PLAYBACK_SPEEDS[1]);
  const [playing, setPlaying] = useState(false);
  // The window ends now (when it was asked for, rounded to the minute so that reopening it hits the cache) or at
  // the end of a chosen day (China time), to look further back.
  const [anchor, setAnchor] = useState(() => Math.floor(Date.now() / 60_000) * 60_000);
  const [endDay, setEndDay] = useState<string | null>(null);
  const [today] = useState(() => chinaToday(Date.now()));
  const from = anchor - PLAYBACK_WINDOW_MS[window];
  const timeline = useQuery({
    queryKey: ['timeline', areaCode, from, anchor],
    queryFn: () => trpc.incident.timeline.query({ areaCode, from: new Date(from).toISOString(), to: new Date(anchor).toISOString() }),
    enabled,
    staleTime: Infinity,
  });
  const [t, setT] = useState(from);
  // A new window (or area) starts at its beginning.
  const [startedFor, setStartedFor] = useState(`${areaCode}/${from}`);
  if (startedFor !== `${areaCode}/${from}`) {
    setStartedFor(`${areaCode}/${from}`);
    setT(from);
    setPlaying(false);
  }

  useEffect(() => {
    if (!enabled || !playing) return;
    const timer = setInterval(() => {
      setT((now) => {
        const next = now + speed * FRAME_MS;
        if (next >= anchor) {
          setPlaying(false);
          return anchor;
        }
        return next;
      });
    }, FRAME_MS);
    return () => clearInterval(timer);
  }, [enabled, playing, speed, anchor]);

  const data = timeline.data;
  const cases = useMemo(() => (data ? [...playbackStateAt(data, t).values()] : []), [data, t]);
  const view = useMemo(() => (data ? eventsUpTo(data, from, t) : { feed: [], reported: [], counts: { reported: 0, closed: 0, open: 0 } }), [data, from, t]);
  const openCount = cases.filter((c) => isLiveStatus(c.status)).length;
  const alarms = useMemo(
    () => (data ? data.alarms.filter((a) => Date.parse(a.firstAt) <= t && (!a.closedAt || Date.parse(a.closedAt) > t)) : []),
    [data, t],
  );

  return {
    window,
    setWindow: (w: PlaybackWindow) => {
      if (!endDay) setAnchor(Math.floor(Date.now() / 60_000) * 60_000);
      setWindow(w);
    },
    endDay,
    today,
    /** A day 'YYYY-MM-DD' (the window ends at its midnight, China time), or null for now. */
    setEndDay: (day: string | null) => {
      setEndDay(day);
      setAnchor(day ? Math.min(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000, Date.now()) : Math.floor(Date.now() / 60_000) * 60_000);
    },
    from,
    to: anchor,
    t,
    setT: (v: number) => setT(Math.min(anchor, Math.max(from, v))),
    playing,
    toggle: () => {
      if (!playing && t >= anchor) setT(from);
      setPlaying(!playing);
    },
    speed,
    setSpeed,
    timeline,
    cases,
    alarms,
    feed: view.feed,
    reported: view.reported,
    counts: { ...view.counts, open: openCount },
  };
}

export type Playback = ReturnType<typeof usePlayback>;
type TimelineEvent = Timeline['events'][number];

/** The events of the window up to `t`: the newest for the feed, the reports (a case's first event) for the heat. */
function eventsUpTo(tl: Timeline, from: number, t: number) {
  const upTo: TimelineEvent[] = [];
  let closed = 0;
  const reported: TimelineEvent[] = [];
  for (const e of tl.events) {
    const at = Date.parse(e.at);
    if (at > t) break;
    if (at < from) continue;
    upTo.push(e);
    if (!isLiveStatus(e.status) && e.fromStatus !== null && isLiveStatus(e.fromStatus)) closed += 1;
    if (e.fromStatus === null) reported.push(e);
  }
  return { feed: upTo.slice(-FEED_KEEP).reverse(), reported, counts: { reported: reported.length, closed, open: 0 } };
}
