-- $1 area code
SELECT name FROM areas WHERE code = $1
