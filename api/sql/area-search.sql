-- Areas by name (anywhere in it) or by code prefix; shorter codes (bigger areas) first.
-- $1 query, $2 limit, $3 the caller's scope: areas within it and the areas above it
SELECT a.code, a.name, a.level,
       (SELECT string_agg(p.name, ' › ' ORDER BY length(p.code)) FROM areas p
        WHERE p.code = ANY (ARRAY[left(a.code, 6), left(a.code, 9), left(a.code, 12)]) AND p.code <> a.code) AS path
FROM areas a
WHERE (a.name LIKE '%' || $1 || '%' OR a.code LIKE $1 || '%')
  AND (a.code LIKE $3 || '%' OR $3 LIKE a.code || '%')
ORDER BY (a.name = $1) DESC, length(a.code), a.code
LIMIT $2
