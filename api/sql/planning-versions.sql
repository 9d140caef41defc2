-- The data the planning model is built from, by version: a change to any rebuilds it.
SELECT coalesce(string_agg(layer || ':' || version, ',' ORDER BY layer), '') AS key
FROM data_versions
WHERE layer IN ('roads', 'buildings', 'facilities')
