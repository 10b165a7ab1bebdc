select doc_id, statement_id, indicator_code, match_method
from {{ ref('indicator_matches') }}
