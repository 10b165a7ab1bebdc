select
    domain_code as domain,
    domain_name_zh,
    domain_name_en,
    national_order,
    is_national,
    match_pattern
from {{ ref('stg_reference__domains') }}
