{{ config(materialized='table') }}  {#- a table, not a view: the published file must not depend on build/extracted/ #}

select
    doc_id,
    source_line,
    locator as source_locator
from {{ source('extracted', 'text_locators') }}
