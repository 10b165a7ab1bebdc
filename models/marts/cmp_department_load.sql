-- Canonical department x city: tasks it leads, supports, or shares without a stated lead, and the
-- service items it is the responsible unit for. Unmapped names are kept under their written form.
select
    city,
    coalesce(department_code, 'unmapped:' || department_zh) as department_key,
    department_code,
    coalesce(department_name_zh, department_zh) as department_name_zh,
    department_name_en,
    count(distinct subject_id) filter (where subject_kind = 'task' and role = 'lead') as tasks_led,
    count(distinct subject_id) filter (where subject_kind = 'task' and role = 'supporting') as tasks_supported,
    count(distinct subject_id) filter (where subject_kind = 'task' and role = 'responsible') as tasks_shared,
    count(distinct subject_id) filter (where subject_kind = 'service_item') as service_items_responsible
from {{ ref('fct_responsibilities') }}
where city is not null  -- see dq_findings: city_not_identified
group by city, coalesce(department_code, 'unmapped:' || department_zh), department_code,
         coalesce(department_name_zh, department_zh), department_name_en
