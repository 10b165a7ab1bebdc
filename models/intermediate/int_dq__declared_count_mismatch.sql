-- Document check: a count the document declares ('本领域服务项目共7个', '确定了80个基本公共服务项目')
-- against the items extracted for that scope (a domain, or 'all'). Grain: one row per declared count
-- that differs.
with declared as (
    select * from {{ ref('stg_ingest__declared_counts') }}
    where subject = 'service_items'
),

items as (
    select * from {{ ref('stg_ingest__service_items') }}
),

extracted as (
    -- the ingest declares a count under a heading it cannot place in a domain with scope 'unknown'
    select doc_id, coalesce(domain_code, 'unknown') as scope, count(*) as n
    from items
    group by doc_id, coalesce(domain_code, 'unknown')
    union all
    select doc_id, 'all' as scope, count(*) as n
    from items
    group by doc_id
)

select
    declared.doc_id,
    'declared_count_mismatch' as check_name,
    'warning' as severity,
    declared.source_line,
    'declares ' || cast(declared.declared as {{ dbt.type_string() }}) || ' ' || declared.subject
        || case when declared.scope = 'all' then ' in all' else ' in domain ' || declared.scope end
        || ' but ' || cast(coalesce(extracted.n, 0) as {{ dbt.type_string() }}) || ' were extracted' as detail,
    declared.source_text
from declared
left join extracted
    on extracted.doc_id = declared.doc_id and extracted.scope = declared.scope
where declared.declared <> coalesce(extracted.n, 0)
