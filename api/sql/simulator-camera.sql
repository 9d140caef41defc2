-- A random online AI camera of the district, for a simulated video event. $1 district code
SELECT code FROM cameras
WHERE grid_code LIKE $1 || '%' AND kind = 'ai' AND status = 'online'
ORDER BY random()
LIMIT 1
