select word_kind, word, meaning
from {{ ref('ref_words') }}
