-- Question: what registered urban unemployment rate does each city target, from which baseline, and where is it written?
select
    city,
    plan_kind,
    baseline_year,
    baseline_value,
    target_year,
    target_comparator,
    target_value,
    target_source_line,
    target_source_text
from {{ ref('cmp_indicator_by_city') }}
where indicator_code = 'urban_unemployment_rate'
order by city
