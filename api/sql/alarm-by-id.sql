-- An alarm's scope and state. $1 alarm id
SELECT id, grid_code, status, rule FROM alarms WHERE id = $1
