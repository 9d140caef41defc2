-- A case locked for a transition. $1 incident id
SELECT i.id, i.case_no, i.type_code, i.status, i.level, i.call_up_pending, i.department_code, i.grid_code, i.version,
       (SELECT d.code FROM departments d JOIN case_slas c ON c.department_kind = d.kind
        WHERE c.type_code = i.type_code AND d.district_code = left(i.grid_code, 6) ORDER BY d.code LIMIT 1) AS suggested_department
FROM incidents i
WHERE i.id = $1
FOR UPDATE OF i
