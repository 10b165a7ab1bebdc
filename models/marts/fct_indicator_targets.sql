with statements as (
    select * from {{ ref('stg_ingest__indicator_statements') }}
),

values_ as (
    select * from {{ ref('stg_ingest__indicator_values') }}
),

matches as (
    select * from {{ ref('stg_ingest__indicator_matches') }}
),

documents as (
    select doc_id, city from {{ ref('stg_ingest__documents') }}
),

pivoted as (
    select
        statement_id,
        max(case when value_kind = 'baseline' then year end) as baseline_year,
        max(case when value_kind = 'baseline' then value end) as baseline_value,
        max(case when value_kind = 'target' then year end) as target_year,
        max(case when value_kind = 'target' then value end) as target_value,
        max(case when value_kind = 'target' then comparator end) as comparator,
        max(case when value_kind = 'increment' then value end) as increment_stated
    from values_
    group by statement_id
)

select
    statements.statement_id,
    statements.doc_id,
    documents.city,
    statements.domain_code as domain,
    statements.domain_zh,
    statements.indicator_name,
    statements.indicator_name_zh,
    matches.indicator_code,
    matches.match_method as indicator_match_method,
    statements.unit,
    pivoted.baseline_year,
    pivoted.baseline_value,
    pivoted.target_year,
    pivoted.target_value,
    pivoted.increment_stated,
    pivoted.target_value - pivoted.baseline_value as increment_computed,
    pivoted.comparator,
    statements.attribute,
    statements.extraction_method,
    statements.confidence,
    statements.source_line,
    statements.source_text
from statements
inner join documents on documents.doc_id = statements.doc_id
left join pivoted on pivoted.statement_id = statements.statement_id
left join matches on matches.statement_id = statements.statement_id
