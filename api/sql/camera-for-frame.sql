-- A camera for its generated live view, with its scope and state. $1 camera id
SELECT id, code, name, kind, status, direction, grid_code FROM cameras WHERE id = $1
