-- Numbered case changes after an id, in id order, as the live feeds send them (CaseChange).
-- $1 after this id, $2 how many at most
SELECT id, incident_id AS "incidentId", at, grid_code AS "gridCode", department_code AS "departmentCode", action, status,
       case_no AS "caseNo", type_code AS "typeCode", level, priority, lng, lat
FROM incident_changes
WHERE id > $1
ORDER BY id
LIMIT $2
