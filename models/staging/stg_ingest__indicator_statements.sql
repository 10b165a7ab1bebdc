select
    statement_id,
    doc_id,
    domain_code,
    domain_zh,
    indicator_name,
    indicator_name_zh,
    unit,
    attribute,
    method as extraction_method,
    confidence,
    context,
    source_line,
    source_text
from {{ ref('indicator_statements') }}
