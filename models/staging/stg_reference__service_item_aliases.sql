select local_name, item_no, note
from {{ ref('ref_service_item_aliases') }}
