-- Take or renew the lease of a background loop: granted when nobody holds it, when $2 already does, or when
-- the holder's lease has lapsed (it stopped or died). $1 loop, $2 holder (one per process), $3 lease (ms).
-- A row comes back when $2 holds the lease now.
INSERT INTO loop_leases AS l (name, holder, until)
VALUES ($1, $2, now() + $3::int * interval '1 millisecond')
ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
WHERE l.holder = excluded.holder OR l.until < now()
RETURNING holder
