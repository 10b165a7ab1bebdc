{{ config(materialized='table') }}  {#- a table, not a view: the published file must not depend on build/extracted/ #}

select
    statement_id,
    doc_id,
    domain_code,
    domain_zh,
    indicator_name,
    indicator_name_zh,
    unit,
    attribute,
    method as extraction_method,
    confidence,
    context,
    source_line,
    source_text
from {{ source('extracted', 'indicator_statements') }}
