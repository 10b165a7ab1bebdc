with locators as (  -- where a line of a converted html/docx/pdf text sits in the original file
    select * from {{ ref('stg_ingest__text_locators') }}
),

items as (
    select * from {{ ref('stg_ingest__service_items') }}
),

matches as (
    select * from {{ ref('stg_ingest__service_item_matches') }}
),

national as (
    select * from {{ ref('stg_reference__national_service_items') }}
),

documents as (
    select doc_id, city from {{ ref('stg_ingest__documents') }}
)

select
    items.item_id,
    items.doc_id,
    documents.city,
    items.domain_code as domain,
    items.domain_zh,
    items.seq,
    items.item_name,
    matches.national_item_no,
    national.item_name as national_item_name,
    matches.match_method as national_match_method,
    matches.match_score as national_match_score,
    items.target_population,
    items.content_standard,
    items.spending_responsibility,
    {{ split_to_array('items.lead_units_joined', '|') }} as lead_units,
    items.lead_units_zh,
    items.lead_units_line,
    case when items.context = 'catalogue list in prose' then 'prose_catalogue' else 'table' end as source_kind,
    items.source_line,
    items.source_end_line,
    items.source_text,
    locators.source_locator
from items
left join locators on locators.doc_id = items.doc_id and locators.source_line = items.source_line
inner join documents on documents.doc_id = items.doc_id
left join matches on matches.item_id = items.item_id
left join national on national.item_no = matches.national_item_no
