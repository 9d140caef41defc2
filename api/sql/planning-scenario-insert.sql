-- $1 name, $2 area code, $3 service type, $4 account id
INSERT INTO planning_scenarios (name, area_code, facility_type, created_by)
VALUES ($1, $2, $3, $4)
RETURNING id
