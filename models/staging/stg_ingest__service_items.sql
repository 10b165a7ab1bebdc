{{ config(materialized='table') }}  {#- a table, not a view: the published file must not depend on build/extracted/ #}

select
    item_id,
    doc_id,
    domain_code,
    domain_zh,
    context,
    seq,
    item_name,
    item_name_zh,
    target_population,
    content_standard,
    spending_responsibility,
    lead_units as lead_units_joined,
    lead_units_zh,
    lead_units_line,
    source_line,
    source_end_line,
    source_text
from {{ source('extracted', 'service_items') }}
