{{ config(materialized='table') }}  {#- a table, not a view: the published file must not depend on build/extracted/ #}

select doc_id, item_id, national_item_no, match_method, score as match_score
from {{ source('extracted', 'service_item_matches') }}
