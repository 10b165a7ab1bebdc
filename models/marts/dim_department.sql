-- Canonical departments (reviewed) with how often each is named, plus names seen in the documents
-- that map to no reviewed department (department_code is NULL for those; see dq_findings).
with departments as (
    select * from {{ ref('stg_reference__departments') }}
),

aliases as (
    select department_code, count(*) as n_aliases
    from {{ ref('stg_reference__department_aliases') }}
    group by department_code
),

load as (  -- one count block: reviewed departments by code, unmapped names by their written form
    select
        coalesce(department_code, 'unmapped:' || department_zh) as department_key,
        min(department_zh) as department_zh,
        count(distinct doc_id) as n_documents,
        count(*) filter (where role = 'lead') as n_lead,
        count(*) filter (where role = 'supporting') as n_supporting,
        count(*) filter (where role = 'responsible') as n_responsible
    from {{ ref('fct_responsibilities') }}
    group by 1
)

select
    departments.department_code as department_key,
    departments.department_code,
    departments.name_zh,
    departments.name_en,
    departments.department_kind,
    departments.successor_code,
    coalesce(aliases.n_aliases, 0) as n_aliases,
    true as is_reviewed,
    coalesce(load.n_documents, 0) as n_documents,
    coalesce(load.n_lead, 0) as n_lead,
    coalesce(load.n_supporting, 0) as n_supporting,
    coalesce(load.n_responsible, 0) as n_responsible
from departments
left join aliases on aliases.department_code = departments.department_code
left join load on load.department_key = departments.department_code

union all

select
    load.department_key,
    null as department_code,
    load.department_zh as name_zh,
    null as name_en,
    'unmapped' as department_kind,
    null as successor_code,
    0 as n_aliases,
    false as is_reviewed,
    load.n_documents,
    load.n_lead,
    load.n_supporting,
    load.n_responsible
from load
where load.department_key like 'unmapped:%'
