-- An area of the analysis with its sub-areas (code, name), ordered by code.
-- $1 code
SELECT a.code, a.name, a.level,
       coalesce((SELECT json_agg(json_build_object('code', c.code, 'name', c.name) ORDER BY c.code) FROM areas c WHERE c.parent_code = a.code), '[]') AS children
FROM areas a
WHERE a.code = $1
