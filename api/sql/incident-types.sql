-- The case classification (事件/部件 classes): for forms, filters and Open311's service list.
SELECT code, name, name_en, major, category FROM incident_types ORDER BY code
