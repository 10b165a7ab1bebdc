{{ config(materialized='table') }}  {#- a table, not a view: the published file must not depend on build/extracted/ #}

select
    doc_id,
    field as field_name,
    origin,
    source_line,
    rule
from {{ source('extracted', 'document_field_sources') }}
