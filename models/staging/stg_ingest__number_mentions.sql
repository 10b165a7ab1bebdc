{{ config(materialized='table') }}  {#- a table, not a view: the published file must not depend on build/extracted/ #}

select
    doc_id,
    source_line,
    number as number_text,
    status,
    reason,
    context
from {{ source('extracted', 'number_mentions') }}
