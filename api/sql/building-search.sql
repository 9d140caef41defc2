-- Buildings by doorplate code prefix, name or address.
-- $1 query, $2 limit
SELECT id, coalesce(name, address) AS name, address, doorplate
FROM buildings
WHERE doorplate LIKE $1 || '%' OR name LIKE '%' || $1 || '%' OR address LIKE '%' || $1 || '%'
ORDER BY id
LIMIT $2
