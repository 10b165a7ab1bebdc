select section_kind, match_priority, heading_pattern, description
from {{ ref('ref_section_kinds') }}
