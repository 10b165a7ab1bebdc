select plan_kind, match_priority, title_pattern, description
from {{ ref('ref_plan_kinds') }}
