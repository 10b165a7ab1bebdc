select
    doc_id,
    source_line,
    number as number_text,
    status,
    reason,
    context
from {{ ref('number_mentions') }}
