-- Areas by their codes, biggest first (codes nest by prefix, so the shortest is the biggest).
-- $1 area codes
SELECT code, name, level FROM areas WHERE code = ANY ($1::text[]) ORDER BY length(code)
