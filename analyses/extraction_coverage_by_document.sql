-- Question: how much of each document's numeric content did the ingest capture, and what is left to review?
select
    c.doc_id,
    c.city,
    d.plan_kind,
    c.numbers_seen,
    c.numbers_captured,
    c.numbers_excluded,
    c.numbers_unclassified,
    c.capture_rate,
    d.n_indicator_statements,
    d.n_tasks,
    d.n_service_items
from {{ ref('dq_number_coverage') }} as c
inner join {{ ref('dim_document') }} as d on d.doc_id = c.doc_id
order by c.capture_rate
