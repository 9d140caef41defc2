-- The case an idempotency key registered. $1 key
SELECT i.id, i.case_no, i.status, i.version
FROM intake_keys k
JOIN incidents i ON i.id = k.incident_id
WHERE k.key = $1
