-- Document check: a unit that ref_units does not know, so the value has no base-unit form.
-- Grain: one row per such value.
with values_ as (
    select * from {{ ref('fct_indicator_values') }}
)

select
    values_.doc_id,
    'unit_not_in_reference' as check_name,
    'info' as severity,
    values_.source_line,
    'unit ''' || values_.unit || ''' of ' || values_.indicator_name
        || ' is not in ref_units: no base-unit value' as detail,
    values_.source_text
from values_
where values_.unit is not null and values_.base_unit is null
