-- Ancestors are the prefixes of the code, from the city down.
-- $1 code
SELECT code, name, level
FROM areas
WHERE code = ANY (ARRAY[left($1, 4), left($1, 6), left($1, 9), left($1, 12)]) AND code <> $1
ORDER BY length(code)
