-- One row per canonical indicator x city x plan: the baseline and target the plan states for it,
-- in the indicator's base unit, and the gap between them. When a plan states a value more than once,
-- a table value wins over prose, then higher confidence, then the earlier line.
with values_ as (
    select * from {{ ref('fct_indicator_values') }}
    where indicator_code is not null and value_kind in ('baseline', 'target')
),

indicators as (
    select dim.*, units.factor as unit_factor
    from {{ ref('dim_indicator') }} as dim
    left join {{ ref('stg_reference__units') }} as units on units.unit = dim.unit
),

documents as (
    select doc_id, city, plan_kind, period_start, period_end from {{ ref('dim_document') }}
    where city is not null  -- a plan whose city is unknown cannot be compared (dq_findings: city_not_identified)
),

normalised as (
    select
        values_.*,
        -- a bare 万 ('3.7万') counts the indicator's own base unit
        case when values_.base_unit = indicators.base_unit or values_.base_unit = '1' then values_.value_base end as value_normalised,
        row_number() over (
            partition by values_.doc_id, values_.indicator_code, values_.value_kind
            order by case when values_.extraction_method = 'table' then 0 else 1 end,
                     case values_.confidence when 'high' then 0 when 'medium' then 1 else 2 end,
                     values_.source_line, values_.value_id
        ) as pick
    from values_
    inner join indicators on indicators.indicator_code = values_.indicator_code
),

picked as (
    select * from normalised where pick = 1
),

n_statements as (
    select doc_id, indicator_code, count(*) as n_values_stated
    from values_
    group by doc_id, indicator_code
)

select
    indicators.indicator_code || ':' || documents.doc_id as comparison_id,
    indicators.indicator_code,
    indicators.name_zh as indicator_name_zh,
    indicators.name_en as indicator_name_en,
    indicators.direction,
    documents.city,
    documents.doc_id,
    documents.plan_kind,
    documents.period_start,
    documents.period_end,
    base.year as baseline_year,
    base.value as baseline_value,
    base.unit as baseline_unit,
    base.value_normalised as baseline_value_base,
    target.year as target_year,
    target.value as target_value,
    target.unit as target_unit,
    target.comparator as target_comparator,
    target.value_normalised as target_value_base,
    indicators.base_unit,
    target.value_normalised - base.value_normalised as gap_base,
    indicators.unit as std_unit,
    cast(base.value_normalised / indicators.unit_factor as decimal(38, 6)) as baseline_value_std,
    cast(target.value_normalised / indicators.unit_factor as decimal(38, 6)) as target_value_std,
    cast((target.value_normalised - base.value_normalised) / indicators.unit_factor as decimal(38, 6)) as gap_std,
    case
        when target.value_normalised is null or base.value_normalised is null then null
        when indicators.direction = 'higher' then target.value_normalised >= base.value_normalised
        else target.value_normalised <= base.value_normalised
    end as target_improves_on_baseline,
    n_statements.n_values_stated,
    base.source_line as baseline_source_line,
    base.source_text as baseline_source_text,
    target.source_line as target_source_line,
    target.source_text as target_source_text
from n_statements
inner join indicators on indicators.indicator_code = n_statements.indicator_code
inner join documents on documents.doc_id = n_statements.doc_id
left join picked as base
    on base.doc_id = n_statements.doc_id and base.indicator_code = n_statements.indicator_code and base.value_kind = 'baseline'
left join picked as target
    on target.doc_id = n_statements.doc_id and target.indicator_code = n_statements.indicator_code and target.value_kind = 'target'
