-- Question: which indicators state an increment that disagrees with target - baseline, and where?
select
    t.city,
    t.indicator_name,
    t.unit,
    t.baseline_year,
    t.baseline_value,
    t.target_year,
    t.target_value,
    t.increment_stated,
    t.increment_computed,
    d.source_file,
    t.source_line
from {{ ref('fct_indicator_targets') }} as t
inner join {{ ref('dim_document') }} as d on d.doc_id = t.doc_id
where t.increment_stated <> t.increment_computed
order by t.city, t.source_line
