-- City service items that map to no national catalogue item, with the best similarity found, for review.
select
    item_id,
    doc_id,
    city,
    domain,
    item_name,
    national_match_score as best_similarity,
    source_line,
    source_text
from {{ ref('fct_service_items') }}
where national_item_no is null
