-- Rule: a table cell that only holds a dash or nothing ('—', '-', '') is a missing value and must
-- not appear as a reported number (in particular never as 0).
select value_id, source_line, source_text
from {{ ref('fct_indicator_values') }}
where trim(replace(replace(replace(source_text, '—', ''), '-', ''), '－', '')) = ''
