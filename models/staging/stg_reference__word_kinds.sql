select word_kind, used_by, description
from {{ ref('ref_word_kinds') }}
