-- Every data-quality finding about a source document: from the ingest (parse problems, odd names,
-- malformed tables, duplicates, unreadable files) and from the document checks in
-- models/intermediate/int_dq__*.sql (one model per rule, each with its unit tests).
-- Source-document problems are reported here; they never fail the build (STRICT=1 aside).
-- Grain: one row per finding (finding_id).
with ingest as (
    select doc_id, source_file, check_name, severity, source_line, detail, source_text
    from {{ ref('stg_ingest__ingest_findings') }}
),

documents as (
    select doc_id, source_file from {{ ref('stg_ingest__documents') }}
),

checks as (
    {% set rules = [
        'int_dq__conflicting_values', 'int_dq__declared_count_mismatch', 'int_dq__implausible_values',
        'int_dq__increment_mismatch', 'int_dq__numbering_gaps', 'int_dq__target_year_before_baseline',
        'int_dq__unit_not_in_reference'] %}
    {% for rule in rules %}
    select doc_id, check_name, severity, source_line, detail, source_text from {{ ref(rule) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

unioned as (
    select * from ingest
    union all
    select checks.doc_id, documents.source_file, checks.check_name, checks.severity, checks.source_line,
           checks.detail, checks.source_text
    from checks
    inner join documents on documents.doc_id = checks.doc_id
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
