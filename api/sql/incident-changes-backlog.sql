-- The latest changes of an area, newest first: where a feed that wants a first screen starts.
-- $1 area code prefix, $2 how many
SELECT id FROM incident_changes WHERE grid_code LIKE $1 || '%' AND id IS NOT NULL ORDER BY id DESC LIMIT $2
