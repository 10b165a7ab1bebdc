-- National catalogue item x city: whether the city's plan adopts it and under which local names;
-- plus the city's own items with no national counterpart (item_no NULL, is_city_addition true).
-- Only cities whose plans list service items take part.
with items as (
    select * from {{ ref('fct_service_items') }}
    where city is not null  -- see dq_findings: city_not_identified
),

national as (
    select * from {{ ref('dim_national_service_item') }}
),

cities as (
    select distinct city from items
),

adopted as (
    select
        city,
        national_item_no,
        count(*) as n_local_items,
        {{ dbt.listagg('item_name', "'、'", "order by item_name") }} as local_names,
        {{ dbt.listagg('distinct national_match_method', "','", "order by national_match_method") }} as match_methods
    from items
    where national_item_no is not null
    group by city, national_item_no
)

select
    cities.city || ':' || cast(national.item_no as {{ dbt.type_string() }}) as coverage_id,
    cities.city,
    national.item_no,
    national.item_name as national_item_name,
    national.domain,
    adopted.national_item_no is not null as is_adopted,
    false as is_city_addition,
    coalesce(adopted.n_local_items, 0) as n_local_items,
    adopted.local_names,
    adopted.match_methods
from cities
cross join national
left join adopted on adopted.city = cities.city and adopted.national_item_no = national.item_no

union all

select
    items.city || ':local:' || items.item_id as coverage_id,
    items.city,
    null as item_no,
    null as national_item_name,
    items.domain,
    false as is_adopted,
    true as is_city_addition,
    1 as n_local_items,
    items.item_name as local_names,
    items.national_match_method as match_methods
from items
where items.national_item_no is null
