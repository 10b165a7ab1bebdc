with national as (
    select * from {{ ref('stg_reference__national_service_items') }}
),

domains as (
    select * from {{ ref('stg_reference__domains') }}
)

select
    national.item_no,
    national.item_name,
    domains.domain_code as domain,
    national.domain_name_zh,
    national.domain_no
from national
left join domains on domains.domain_name_zh = national.domain_name_zh
