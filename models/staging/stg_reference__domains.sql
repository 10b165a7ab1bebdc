select
    domain_code,
    domain_name_zh,
    domain_name_en,
    national_order,
    is_national,
    match_priority,
    match_pattern
from {{ ref('ref_domains') }}
