{{ config(materialized='table') }}  {#- a table, not a view: the published file must not depend on build/extracted/ #}

select
    doc_id,
    source_file,
    sha256,
    title,
    city,
    province,
    plan_kind,
    period_start,
    period_end,
    issue_date,
    doc_number,
    issuer,
    script,
    encoding,
    n_lines,
    n_bytes,
    status,
    file_format,
    converter,
    converter_version,
    n_pages,
    n_tables,
    text_sha256
from {{ source('extracted', 'documents') }}
