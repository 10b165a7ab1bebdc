-- Document check: a target dated before its own baseline. Grain: one row per such statement.
with targets as (
    select * from {{ ref('fct_indicator_targets') }}
)

select
    targets.doc_id,
    'target_year_before_baseline' as check_name,
    'warning' as severity,
    targets.source_line,
    'target year ' || cast(targets.target_year as {{ dbt.type_string() }})
        || ' is before baseline year ' || cast(targets.baseline_year as {{ dbt.type_string() }})
        || ' for ' || targets.indicator_name as detail,
    targets.source_text
from targets
where targets.target_year < targets.baseline_year
