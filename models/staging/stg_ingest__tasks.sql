{{ config(materialized='table') }}  {#- a table, not a view: the published file must not depend on build/extracted/ #}

select
    task_id,
    doc_id,
    domain_code,
    domain_zh,
    section,
    style as task_style,
    seq,
    title,
    body,
    deadline,
    lead_units as lead_units_joined,
    supporting_units as supporting_units_joined,
    responsible_units as responsible_units_joined,
    units_basis,
    units_line,
    source_line,
    source_text
from {{ source('extracted', 'tasks') }}
