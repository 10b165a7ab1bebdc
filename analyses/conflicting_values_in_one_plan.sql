-- Question: where does one plan give the same quantity two different values?
select
    f.source_file,
    d.city,
    f.source_line,
    f.detail,
    f.source_text
from {{ ref('dq_findings') }} as f
left join {{ ref('dim_document') }} as d on d.doc_id = f.doc_id
where f.check_name = 'conflicting_values'
order by f.source_file, f.source_line
