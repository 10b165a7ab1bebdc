-- Every data-quality finding, from the ingest (parse problems, odd names, malformed tables) and
-- from checks on the extracted data (increment = target - baseline, target year >= baseline year,
-- unknown units). Source-document problems are reported here; they do not fail the build.
with ingest as (
    select doc_id, source_file, check_name, severity, source_line, detail, source_text
    from {{ ref('stg_ingest__ingest_findings') }}
),

targets as (
    select * from {{ ref('fct_indicator_targets') }}
),

documents as (
    select doc_id, source_file from {{ ref('stg_ingest__documents') }}
),

increment_mismatch as (
    select
        targets.doc_id,
        documents.source_file,
        'increment_mismatch' as check_name,
        'warning' as severity,
        targets.source_line,
        'stated increment ' || cast(targets.increment_stated as varchar)
            || ' <> target ' || cast(targets.target_value as varchar)
            || ' - baseline ' || cast(targets.baseline_value as varchar)
            || ' = ' || cast(targets.increment_computed as varchar)
            || ' for ' || targets.indicator_name
            || coalesce(' (' || targets.unit || ')', '') as detail,
        targets.source_text
    from targets
    inner join documents on documents.doc_id = targets.doc_id
    where targets.increment_stated is not null
      and targets.increment_computed is not null
      and targets.increment_stated <> targets.increment_computed
),

year_order as (
    select
        targets.doc_id,
        documents.source_file,
        'target_year_before_baseline' as check_name,
        'warning' as severity,
        targets.source_line,
        'target year ' || cast(targets.target_year as varchar)
            || ' is before baseline year ' || cast(targets.baseline_year as varchar)
            || ' for ' || targets.indicator_name as detail,
        targets.source_text
    from targets
    inner join documents on documents.doc_id = targets.doc_id
    where targets.target_year < targets.baseline_year
),

unknown_unit as (
    select
        values_.doc_id,
        documents.source_file,
        'unit_not_in_reference' as check_name,
        'info' as severity,
        values_.source_line,
        'unit ''' || values_.unit || ''' of ' || values_.indicator_name
            || ' is not in ref_units: no base-unit value' as detail,
        values_.source_text
    from {{ ref('fct_indicator_values') }} as values_
    inner join documents on documents.doc_id = values_.doc_id
    where values_.unit is not null and values_.base_unit is null
),

unioned as (
    select * from ingest
    union all select * from increment_mismatch
    union all select * from year_order
    union all select * from unknown_unit
)

select
    {{ dbt.hash("coalesce(doc_id, '') || '|' || source_file || '|' || check_name || '|' || coalesce(cast(source_line as varchar), '') || '|' || detail") }} as finding_id,
    doc_id,
    source_file,
    check_name,
    severity,
    detail,
    source_line,
    source_text
from unioned
