{{ config(materialized='table') }}  {#- a table, not a view: the published file must not depend on build/extracted/ #}

select
    doc_id,
    scope,
    subject,
    declared,
    source_line,
    source_text
from {{ source('extracted', 'declared_counts') }}
