{{ config(materialized='table') }}  {#- a table, not a view: the published file must not depend on build/extracted/ #}

select doc_id, statement_id, indicator_code, match_method
from {{ source('extracted', 'indicator_matches') }}
