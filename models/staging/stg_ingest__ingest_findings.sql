select
    doc_id,
    source_file,
    check_name,
    severity,
    source_line,
    detail,
    source_text
from {{ ref('ingest_findings') }}
