-- A building's sensors (smoke or heat detectors, a building-safety monitor), each with whether it has an
-- alarm not yet closed. $1 building id
SELECT d.id, d.code, d.kind, d.status,
       EXISTS (SELECT 1 FROM alarms a WHERE a.device_id = d.id AND a.status <> 'closed') AS alarm
FROM devices d
WHERE d.building_id = $1
ORDER BY d.id
