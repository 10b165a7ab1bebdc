select
    indicator_code,
    name_zh,
    name_en,
    unit,
    base_unit,
    direction,
    domain_code as domain,
    synonyms,
    pattern
from {{ ref('stg_reference__indicators') }}
