with locators as (  -- where a line of a converted html/docx/pdf text sits in the original file
    select * from {{ ref('stg_ingest__text_locators') }}
),

values_ as (
    select * from {{ ref('stg_ingest__indicator_values') }}
),

statements as (
    select * from {{ ref('stg_ingest__indicator_statements') }}
),

documents as (
    select doc_id, city from {{ ref('stg_ingest__documents') }}
),

matches as (
    select * from {{ ref('stg_ingest__indicator_matches') }}
),

units as (
    select * from {{ ref('stg_reference__units') }}
)

select
    values_.value_id,
    values_.statement_id,
    values_.doc_id,
    documents.city,
    statements.domain_code as domain,
    statements.indicator_name,
    matches.indicator_code,
    values_.value_kind,
    values_.year,
    values_.value,
    values_.unit,
    values_.comparator,
    cast(values_.value * units.factor as decimal(38, 6)) as value_base,
    units.base_unit,
    statements.extraction_method,
    statements.confidence,
    values_.source_line,
    values_.source_text,
    locators.source_locator
from values_
left join locators on locators.doc_id = values_.doc_id and locators.source_line = values_.source_line
inner join statements on statements.statement_id = values_.statement_id
inner join documents on documents.doc_id = values_.doc_id
left join units on units.unit = values_.unit
left join matches on matches.statement_id = values_.statement_id
