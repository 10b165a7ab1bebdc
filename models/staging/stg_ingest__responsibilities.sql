{{ config(materialized='table') }}  {#- a table, not a view: the published file must not depend on build/extracted/ #}

select
    doc_id,
    subject_kind,
    subject_id,
    department_zh,
    role,
    position,
    basis,
    source_line,
    source_text
from {{ source('extracted', 'responsibilities') }}
