-- $1 the layers whose data changed. A layer's row is made on its first change: rows derive from the registry.
INSERT INTO data_versions (layer, version)
SELECT unnest($1::text[]), 2
ON CONFLICT (layer) DO UPDATE SET version = data_versions.version + 1
