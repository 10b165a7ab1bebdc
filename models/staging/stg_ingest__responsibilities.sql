select
    doc_id,
    subject_kind,
    subject_id,
    department_zh,
    role,
    position,
    basis,
    source_line,
    source_text
from {{ ref('responsibilities') }}
