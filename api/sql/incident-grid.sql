-- A case's number and grid, for a scope check. $1 incident id
SELECT case_no, grid_code FROM incidents WHERE id = $1
