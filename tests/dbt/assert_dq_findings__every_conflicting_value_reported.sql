-- Rule: within one document a quantity (indicator, value kind, comparator, year, unit) has one value. Every pair
-- of different values on different lines has a conflicting_values row in dq_findings at the first value's line.
select a.value_id, b.value_id as other_value_id
from {{ ref('fct_indicator_values') }} as a
inner join {{ ref('fct_indicator_values') }} as b
    on a.doc_id = b.doc_id
   and {{ same_indicator_name('a.indicator_name', 'b.indicator_name') }}
   and a.value_kind = b.value_kind
   and a.comparator = b.comparator
   and a.year is not distinct from b.year
   and a.unit is not distinct from b.unit
   and a.value <> b.value
   and a.source_line <> b.source_line
   and a.value_id < b.value_id
left join {{ ref('dq_findings') }} as f
    on f.doc_id = a.doc_id
   and f.source_line = a.source_line
   and f.check_name = 'conflicting_values'
where f.finding_id is null
