select
    value_id,
    statement_id,
    doc_id,
    value_kind,
    year,
    value,
    unit,
    comparator,
    source_line,
    source_text
from {{ ref('indicator_values') }}
