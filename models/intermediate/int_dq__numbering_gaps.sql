-- Document check: a numbered list whose numbers do not run 1, 2, 3 ... - numbered tasks within a
-- document (numbering may restart at 1, e.g. in each chapter) and the items of each service table
-- (a prose catalogue's items are numbered by the ingest, not the document: not checked). A gap, a repeat or a list not starting at 1 is reported at
-- the line of the unexpected number. Grain: one row per unexpected number.
with tasks as (
    select doc_id, 'task' as list_kind, doc_id as list_key, seq, source_line, source_text
    from {{ ref('stg_ingest__tasks') }}
    where task_style = 'numbered'
),

items as (
    select
        doc_id,
        'service item' as list_kind,
        coalesce(context, '') as list_key,
        seq,
        source_line,
        source_text
    from {{ ref('stg_ingest__service_items') }}
    where seq is not null
      and context is distinct from 'catalogue list in prose'
),

numbered as (
    select
        lists.*,
        lag(seq) over (partition by doc_id, list_kind, list_key order by source_line, seq) as previous_seq
    from (select * from tasks union all select * from items) as lists
)

select
    doc_id,
    'numbering_gap' as check_name,
    'warning' as severity,
    source_line,
    list_kind || ' number ' || cast(seq as {{ dbt.type_string() }})
        || case
            when previous_seq is null then ' starts the list (expected 1)'
            when seq = previous_seq then ' is repeated'
            else ' follows ' || cast(previous_seq as {{ dbt.type_string() }})
                 || ' (expected ' || cast(previous_seq + 1 as {{ dbt.type_string() }}) || ')'
           end as detail,
    source_text
from numbered
where (previous_seq is null and seq <> 1)
   or (previous_seq is not null and seq <> previous_seq + 1 and not (list_kind = 'task' and seq = 1))
