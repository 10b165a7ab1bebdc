with responsibilities as (
    select * from {{ ref('stg_ingest__responsibilities') }}
),

aliases as (
    select * from {{ ref('stg_reference__department_aliases') }}
),

departments as (
    select * from {{ ref('stg_reference__departments') }}
),

documents as (
    select doc_id, city from {{ ref('stg_ingest__documents') }}
)

select
    responsibilities.subject_id || ':' || responsibilities.role || ':' || cast(responsibilities.position as {{ dbt.type_string() }}) as responsibility_id,
    responsibilities.doc_id,
    documents.city,
    responsibilities.subject_kind,
    responsibilities.subject_id,
    responsibilities.department_zh,
    aliases.department_code,
    departments.name_zh as department_name_zh,
    departments.name_en as department_name_en,
    aliases.alias_kind,
    responsibilities.role,
    responsibilities.position,
    responsibilities.basis,
    responsibilities.source_line,
    responsibilities.source_text
from responsibilities
inner join documents on documents.doc_id = responsibilities.doc_id
left join aliases on aliases.alias = responsibilities.department_zh
left join departments on departments.department_code = aliases.department_code
