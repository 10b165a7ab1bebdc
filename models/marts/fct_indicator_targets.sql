with locators as (  -- where a line of a converted html/docx/pdf text sits in the original file
    select * from {{ ref('stg_ingest__text_locators') }}
),

statements as (
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

ranked as (
    -- order the values of each kind inside a statement, so that the pivot below picks by position and
    -- never by max(). Baselines in the order written (the 'from' of 由X提高到Y first, even when its
    -- year is not stated); targets latest year first, a range's lower bound (>=) before its upper (<=).
    select
        values_.*,
        row_number() over (
            partition by statement_id, value_kind
            order by
                case when value_kind <> 'baseline' then year end desc nulls last,
                case when value_kind <> 'baseline'
                     then case comparator when '>=' then 0 when '=' then 1 when '~' then 2 else 3 end end,
                length(value_id), value_id
        ) as position_first,
        row_number() over (
            partition by statement_id, value_kind
            order by length(value_id) desc, value_id desc
        ) as position_last,
        count(*) over (partition by statement_id, value_kind) as n_of_kind
    from values_
),

first_target as (
    select statement_id, year, comparator
    from ranked
    where value_kind = 'target' and position_first = 1
),

pivoted as (
    select
        ranked.statement_id,
        max(case when value_kind = 'baseline' and position_first = 1 then ranked.year end) as baseline_year,
        max(case when value_kind = 'baseline' and position_first = 1 then value end) as baseline_value,
        -- a later achieved value: the last baseline written, unless it is the upper bound of a range
        max(case when value_kind = 'baseline' and n_of_kind > 1 and position_last = 1 and ranked.comparator <> '<='
                 then ranked.year end) as achieved_year,
        max(case when value_kind = 'baseline' and n_of_kind > 1 and position_last = 1 and ranked.comparator <> '<='
                 then value end) as achieved_value,
        max(case when value_kind = 'target' and position_first = 1 then ranked.year end) as target_year,
        max(case when value_kind = 'target' and position_first = 1 then value end) as target_value,
        max(case when value_kind = 'target' and position_first = 1 then ranked.comparator end) as comparator,
        -- the upper bound of a range target ('100-4800元'): a '<=' value of the same year as a '>=' target
        max(case when value_kind = 'target' and ranked.comparator = '<=' and first_target.comparator = '>='
                  and ranked.year is not distinct from first_target.year then value end) as target_upper_value,
        max(case when value_kind = 'increment' and position_first = 1 then value end) as increment_stated
    from ranked
    left join first_target on first_target.statement_id = ranked.statement_id
    group by ranked.statement_id
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
    pivoted.comparator,
    pivoted.target_upper_value,
    pivoted.achieved_year,
    pivoted.achieved_value,
    pivoted.increment_stated,
    case when pivoted.target_upper_value is null
         then pivoted.target_value - pivoted.baseline_value end as increment_computed,
    statements.attribute,
    statements.extraction_method,
    statements.confidence,
    statements.source_line,
    statements.source_text,
    locators.source_locator
from statements
left join locators on locators.doc_id = statements.doc_id and locators.source_line = statements.source_line
inner join documents on documents.doc_id = statements.doc_id
left join pivoted on pivoted.statement_id = statements.statement_id
left join matches on matches.statement_id = statements.statement_id
