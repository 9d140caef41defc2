-- The simulator's own accounts (sim-*) with their departments.
SELECT a.id, a.username, a.display_name, a.role, a.department_code, d.name AS department_name
FROM accounts a
LEFT JOIN departments d ON d.code = a.department_code
WHERE a.username LIKE 'sim-%'
