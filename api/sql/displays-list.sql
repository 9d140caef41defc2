-- Wall displays whose area lies within $1 (an administrator's scope), newest first. Never the token's hash.
SELECT d.id, d.name, d.area_code, coalesce(a.name, d.area_code) AS area_name, d.scenes, d.fit, d.takeover_s,
       d.created_at, d.last_seen_at, d.revoked_at
FROM displays d LEFT JOIN areas a ON a.code = d.area_code
WHERE d.area_code LIKE $1 || '%'
ORDER BY d.id DESC
