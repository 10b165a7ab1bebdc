select department_code, name_zh, name_en, department_kind, successor_code, note
from {{ ref('ref_departments') }}
