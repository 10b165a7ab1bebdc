-- Question: which services do cities list that have no counterpart in the national catalogue?
select
    city,
    domain,
    local_names as local_item_name
from {{ ref('cmp_service_coverage') }}
where is_city_addition
order by city, domain, local_item_name
