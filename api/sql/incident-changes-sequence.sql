-- Number the changes of finished transactions: rows written by transactions older than the oldest one still
-- running, in insertion order, after the largest id given. Run by the holder of the sequencer lock, in a
-- statement after taking it (so its snapshot sees the previous holder's numbers).
WITH base AS (SELECT coalesce(max(id), 0) AS last FROM incident_changes),
     todo AS (
       SELECT c.seq, row_number() OVER (ORDER BY c.seq) AS n
       FROM incident_changes c
       WHERE c.id IS NULL AND c.xid < pg_snapshot_xmin(pg_current_snapshot())
     ),
     numbered AS (
       UPDATE incident_changes c SET id = base.last + todo.n
       FROM todo, base
       WHERE c.seq = todo.seq
       RETURNING c.id
     )
SELECT max(id) AS last FROM numbered
