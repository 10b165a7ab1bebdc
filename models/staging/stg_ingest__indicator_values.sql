{{ config(materialized='table') }}  {#- a table, not a view: the published file must not depend on build/extracted/ #}

select
    value_id,
    statement_id,
    doc_id,
    value_kind,
    year,
    value,
    unit,
    comparator,
    source_line,
    source_text
from {{ source('extracted', 'indicator_values') }}
