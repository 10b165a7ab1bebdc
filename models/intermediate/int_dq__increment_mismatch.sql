-- Document check: a stated increment that is not target - baseline (a range target has no single
-- difference and is not checked). Grain: one row per statement where they differ.
with targets as (
    select * from {{ ref('fct_indicator_targets') }}
)

select
    targets.doc_id,
    'increment_mismatch' as check_name,
    'warning' as severity,
    targets.source_line,
    'stated increment ' || {{ num_text('targets.increment_stated') }}
        || ' <> target ' || {{ num_text('targets.target_value') }}
        || ' - baseline ' || {{ num_text('targets.baseline_value') }}
        || ' = ' || {{ num_text('targets.increment_computed') }}
        || ' for ' || targets.indicator_name
        || coalesce(' (' || targets.unit || ')', '') as detail,
    targets.source_text
from targets
where targets.increment_stated is not null
  and targets.increment_computed is not null
  and targets.increment_stated <> targets.increment_computed
