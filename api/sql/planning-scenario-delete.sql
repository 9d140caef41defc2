-- $1 id
DELETE FROM planning_scenarios WHERE id = $1
