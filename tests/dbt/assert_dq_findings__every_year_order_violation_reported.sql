-- Rule: target year >= baseline year. Every statement that breaks it has a
-- target_year_before_baseline row in dq_findings (source problems are reported, not fixed).
select t.statement_id, t.baseline_year, t.target_year
from {{ ref('fct_indicator_targets') }} as t
left join {{ ref('dq_findings') }} as f
    on f.doc_id = t.doc_id
   and f.source_line = t.source_line
   and f.check_name = 'target_year_before_baseline'
where t.target_year < t.baseline_year
  and f.finding_id is null
