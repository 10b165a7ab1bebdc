-- Question: which departments lead the most tasks, across all cities, and in how many cities?
select
    department_key,
    department_name_zh,
    department_name_en,
    sum(tasks_led) as tasks_led,
    sum(tasks_supported) as tasks_supported,
    sum(tasks_shared) as tasks_shared,
    count(distinct city) filter (where tasks_led + tasks_supported + tasks_shared > 0) as n_cities
from {{ ref('cmp_department_load') }}
group by department_key, department_name_zh, department_name_en
order by tasks_led desc, tasks_shared desc, department_key
limit 20
