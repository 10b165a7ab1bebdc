select
    doc_id,
    field as field_name,
    origin,
    source_line,
    rule
from {{ ref('document_field_sources') }}
