with documents as (
    select city, province, count(*) as n_documents
    from {{ ref('stg_ingest__documents') }}
    where city is not null
    group by city, province
),

cities as (
    select * from {{ ref('stg_reference__cities') }}
)

select
    coalesce(documents.city, cities.city_zh) as city,
    cities.city_en,
    coalesce(documents.province, cities.province_zh) as province,
    cities.province_en,
    coalesce(documents.n_documents, 0) as n_documents,
    cities.city_zh is not null as in_reference
from documents
full outer join cities on cities.city_zh = documents.city
