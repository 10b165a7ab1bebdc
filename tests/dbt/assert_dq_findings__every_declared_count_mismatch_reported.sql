-- Rule: a count a document declares about itself ('本领域服务项目共7个', '确定了80个基本公共服务项目')
-- equals the number of items extracted for that scope; every mismatch has a declared_count_mismatch
-- row in dq_findings at the declaring line.
with extracted as (
    select doc_id, domain as scope, count(*) as n from {{ ref('fct_service_items') }} group by doc_id, domain
    union all
    select doc_id, 'all' as scope, count(*) as n from {{ ref('fct_service_items') }} group by doc_id
)

select d.doc_id, d.scope, d.declared, coalesce(e.n, 0) as extracted
from {{ ref('stg_ingest__declared_counts') }} as d
left join extracted as e on e.doc_id = d.doc_id and e.scope = d.scope
left join {{ ref('dq_findings') }} as f
    on f.doc_id = d.doc_id
   and f.source_line = d.source_line
   and f.check_name = 'declared_count_mismatch'
where d.subject = 'service_items'
  and d.declared <> coalesce(e.n, 0)
  and f.finding_id is null
