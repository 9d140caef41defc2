-- A device's grid, code and kind. $1 device id
SELECT grid_code, code, kind FROM devices WHERE id = $1
