select role, table_kind, header_pattern, description
from {{ ref('ref_table_columns') }}
