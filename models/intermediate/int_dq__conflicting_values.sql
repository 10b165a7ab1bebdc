-- Document check: one document giving the same quantity (indicator, kind, comparator, year, unit)
-- two different values on different lines. Grain: one row per conflicting pair (reported at the
-- first value's line).
with values_ as (
    select * from {{ ref('fct_indicator_values') }}
)

select
    a.doc_id,
    'conflicting_values' as check_name,
    'warning' as severity,
    a.source_line,
    a.indicator_name || ' (' || a.value_kind || coalesce(', ' || cast(a.year as {{ dbt.type_string() }}), '') || ') is '
        || {{ num_text('a.value') }} || coalesce(' ' || a.unit, '') || ' at line ' || cast(a.source_line as {{ dbt.type_string() }})
        || ' but ' || {{ num_text('b.value') }} || coalesce(' ' || b.unit, '')
        || ' at line ' || cast(b.source_line as {{ dbt.type_string() }}) as detail,
    a.source_text
from values_ as a
inner join values_ as b
    on a.doc_id = b.doc_id
   and {{ same_indicator_name('a.indicator_name', 'b.indicator_name') }}
   and a.value_kind = b.value_kind
   and a.comparator = b.comparator
   and a.year is not distinct from b.year
   and a.unit is not distinct from b.unit
   and a.value <> b.value
   and a.source_line <> b.source_line
   and a.value_id < b.value_id
