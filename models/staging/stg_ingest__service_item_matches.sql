select doc_id, item_id, national_item_no, match_method, score as match_score
from {{ ref('service_item_matches') }}
