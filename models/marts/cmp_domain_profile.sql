-- City x domain: how much each plan says about each domain.
with documents as (
    select doc_id, city from {{ ref('dim_document') }}
    where city is not null  -- see dq_findings: city_not_identified
),

statements as (
    select doc_id, domain, count(*) as n_indicators from {{ ref('fct_indicator_targets') }} group by doc_id, domain
),

targets as (
    select doc_id, domain, count(*) as n_targets from {{ ref('fct_indicator_values') }} where value_kind = 'target' group by doc_id, domain
),

tasks as (
    select doc_id, domain, count(*) as n_tasks from {{ ref('fct_tasks') }} group by doc_id, domain
),

items as (
    select doc_id, domain, count(*) as n_service_items from {{ ref('fct_service_items') }} group by doc_id, domain
),

keys as (
    select doc_id, domain from statements
    union select doc_id, domain from targets
    union select doc_id, domain from tasks
    union select doc_id, domain from items
)

select
    documents.city,
    coalesce(keys.domain, 'unassigned') as domain,
    coalesce(sum(statements.n_indicators), 0) as n_indicators,
    coalesce(sum(targets.n_targets), 0) as n_targets,
    coalesce(sum(tasks.n_tasks), 0) as n_tasks,
    coalesce(sum(items.n_service_items), 0) as n_service_items
from keys
inner join documents on documents.doc_id = keys.doc_id
left join statements on statements.doc_id = keys.doc_id and statements.domain is not distinct from keys.domain
left join targets on targets.doc_id = keys.doc_id and targets.domain is not distinct from keys.domain
left join tasks on tasks.doc_id = keys.doc_id and tasks.domain is not distinct from keys.domain
left join items on items.doc_id = keys.doc_id and items.domain is not distinct from keys.domain
group by documents.city, coalesce(keys.domain, 'unassigned')
