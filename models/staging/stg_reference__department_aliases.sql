select alias, department_code, alias_kind, note
from {{ ref('ref_department_aliases') }}
