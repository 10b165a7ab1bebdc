with documents as (
    select * from {{ ref('stg_ingest__documents') }}
),

statements as (
    select doc_id, count(*) as n_indicator_statements
    from {{ ref('stg_ingest__indicator_statements') }}
    group by doc_id
),

tasks as (
    select doc_id, count(*) as n_tasks
    from {{ ref('stg_ingest__tasks') }}
    group by doc_id
),

items as (
    select doc_id, count(*) as n_service_items
    from {{ ref('stg_ingest__service_items') }}
    group by doc_id
)

select
    documents.doc_id,
    documents.source_file,
    documents.sha256,
    documents.title,
    documents.city,
    documents.province,
    documents.plan_kind,
    documents.period_start,
    documents.period_end,
    documents.issue_date,
    documents.doc_number,
    documents.issuer,
    documents.script,
    documents.encoding,
    documents.n_lines,
    documents.n_bytes,
    documents.status,
    documents.file_format,
    documents.converter,
    documents.converter_version,
    documents.n_pages,
    documents.n_tables,
    documents.text_sha256,
    coalesce(statements.n_indicator_statements, 0) as n_indicator_statements,
    coalesce(items.n_service_items, 0) as n_service_items,
    coalesce(tasks.n_tasks, 0) as n_tasks
from documents
left join statements on statements.doc_id = documents.doc_id
left join items on items.doc_id = documents.doc_id
left join tasks on tasks.doc_id = documents.doc_id
