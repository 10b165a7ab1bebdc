select pattern_key, pattern, example, counter_example, description
from {{ ref('ref_patterns') }}
