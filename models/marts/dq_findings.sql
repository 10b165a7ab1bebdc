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
        'stated increment ' || {{ num_text('targets.increment_stated') }}
            || ' <> target ' || {{ num_text('targets.target_value') }}
            || ' - baseline ' || {{ num_text('targets.baseline_value') }}
            || ' = ' || {{ num_text('targets.increment_computed') }}
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
        'target year ' || cast(targets.target_year as {{ dbt.type_string() }})
            || ' is before baseline year ' || cast(targets.baseline_year as {{ dbt.type_string() }})
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

declared_counts as (
    -- a count the document declares ('本领域服务项目共7个', '确定了80个基本公共服务项目') vs items extracted
    select
        declared.doc_id,
        documents.source_file,
        'declared_count_mismatch' as check_name,
        'warning' as severity,
        declared.source_line,
        'declares ' || cast(declared.declared as {{ dbt.type_string() }}) || ' ' || declared.subject
            || case when declared.scope = 'all' then ' in all' else ' in domain ' || declared.scope end
            || ' but ' || cast(coalesce(extracted.n, 0) as {{ dbt.type_string() }}) || ' were extracted' as detail,
        declared.source_text
    from {{ ref('stg_ingest__declared_counts') }} as declared
    inner join documents on documents.doc_id = declared.doc_id
    left join (
        select doc_id, domain_code as scope, count(*) as n
        from {{ ref('stg_ingest__service_items') }}
        group by doc_id, domain_code
        union all
        select doc_id, 'all' as scope, count(*) as n
        from {{ ref('stg_ingest__service_items') }}
        group by doc_id
    ) as extracted
        on extracted.doc_id = declared.doc_id and extracted.scope = declared.scope
    where declared.subject = 'service_items'
      and declared.declared <> coalesce(extracted.n, 0)
),

conflicting_values as (
    -- one document giving the same quantity (indicator, kind, year, unit) two different values
    select
        a.doc_id,
        documents.source_file,
        'conflicting_values' as check_name,
        'warning' as severity,
        a.source_line,
        a.indicator_name || ' (' || a.value_kind || coalesce(', ' || cast(a.year as {{ dbt.type_string() }}), '') || ') is '
            || {{ num_text('a.value') }} || coalesce(' ' || a.unit, '') || ' at line ' || cast(a.source_line as {{ dbt.type_string() }})
            || ' but ' || {{ num_text('b.value') }} || coalesce(' ' || b.unit, '')
            || ' at line ' || cast(b.source_line as {{ dbt.type_string() }}) as detail,
        a.source_text
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
    inner join documents on documents.doc_id = a.doc_id
),

unioned as (
    select * from ingest
    union all select * from conflicting_values
    union all select * from declared_counts
    union all select * from increment_mismatch
    union all select * from year_order
    union all select * from unknown_unit
)

select
    {{ dbt.hash("coalesce(doc_id, '') || '|' || source_file || '|' || check_name || '|' || coalesce(cast(source_line as " ~ dbt.type_string() ~ "), '') || '|' || detail") }} as finding_id,
    doc_id,
    source_file,
    check_name,
    severity,
    detail,
    source_line,
    source_text
from unioned
