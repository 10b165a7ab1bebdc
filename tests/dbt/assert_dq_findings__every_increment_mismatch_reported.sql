-- Rule: every indicator statement whose stated increment differs from target - baseline has an
-- increment_mismatch row in dq_findings for the same document and line (reporting is complete).
select t.statement_id, t.increment_stated, t.increment_computed
from {{ ref('fct_indicator_targets') }} as t
left join {{ ref('dq_findings') }} as f
    on f.doc_id = t.doc_id
   and f.source_line = t.source_line
   and f.check_name = 'increment_mismatch'
where t.increment_stated is not null
  and t.increment_computed is not null
  and t.increment_stated <> t.increment_computed
  and f.finding_id is null
