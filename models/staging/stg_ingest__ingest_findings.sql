{{ config(materialized='table') }}  {#- a table, not a view: the published file must not depend on build/extracted/ #}

select
    doc_id,
    source_file,
    check_name,
    severity,
    source_line,
    detail,
    source_text
from {{ source('extracted', 'ingest_findings') }}
