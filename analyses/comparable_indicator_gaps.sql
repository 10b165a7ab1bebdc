-- Question: for indicators stated by two or more cities, how do baselines, targets and planned gains compare (in base units)?
with shared as (
    select indicator_code
    from {{ ref('cmp_indicator_by_city') }}
    group by indicator_code
    having count(distinct city) >= 2
)

select
    c.indicator_code,
    c.indicator_name_en,
    c.direction,
    c.city,
    c.baseline_year,
    c.baseline_value_base,
    c.target_year,
    c.target_comparator,
    c.target_value_base,
    c.base_unit,
    c.gap_base,
    c.target_improves_on_baseline
from {{ ref('cmp_indicator_by_city') }} as c
inner join shared on shared.indicator_code = c.indicator_code
order by c.indicator_code, c.city
