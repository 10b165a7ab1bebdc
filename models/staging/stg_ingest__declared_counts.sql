select
    doc_id,
    scope,
    subject,
    declared,
    source_line,
    source_text
from {{ ref('declared_counts') }}
