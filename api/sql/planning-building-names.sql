-- Names of public-use buildings suggested as sites (their name, or their address when unnamed).
-- $1 ids
SELECT id, coalesce(name, address) AS name FROM buildings WHERE id = ANY($1::int[])
