select item_no, domain_no, domain as domain_name_zh, item_name
from {{ ref('ref_national_service_items') }}
