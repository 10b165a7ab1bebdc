select unit, base_unit, factor, quantity_kind, description
from {{ ref('ref_units') }}
