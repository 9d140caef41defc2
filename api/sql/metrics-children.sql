-- The sub-areas of an area (the ranking lists them all, with or without cases). $1 area code.
SELECT code, name FROM areas WHERE parent_code = $1 ORDER BY code
