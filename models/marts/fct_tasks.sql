with locators as (  -- where a line of a converted html/docx/pdf text sits in the original file
    select * from {{ ref('stg_ingest__text_locators') }}
),

tasks as (
    select * from {{ ref('stg_ingest__tasks') }}
),

documents as (
    select doc_id, city from {{ ref('stg_ingest__documents') }}
)

select
    tasks.task_id,
    tasks.doc_id,
    documents.city,
    tasks.domain_code as domain,
    tasks.domain_zh,
    tasks.section,
    tasks.task_style,
    tasks.seq,
    tasks.title,
    tasks.body,
    tasks.deadline,
    {{ split_to_array('tasks.lead_units_joined', '|') }} as lead_units,
    {{ split_to_array('tasks.supporting_units_joined', '|') }} as supporting_units,
    {{ split_to_array('tasks.responsible_units_joined', '|') }} as responsible_units,
    tasks.units_basis,
    tasks.units_line,
    tasks.source_line,
    tasks.source_text,
    locators.source_locator
from tasks
left join locators on locators.doc_id = tasks.doc_id and locators.source_line = tasks.source_line
inner join documents on documents.doc_id = tasks.doc_id
