select indicator_code, name_zh, name_en, unit, base_unit, direction, domain_code, synonyms, pattern
from {{ ref('ref_indicators') }}
