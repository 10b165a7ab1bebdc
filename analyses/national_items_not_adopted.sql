-- Question: which items of the national 81-item catalogue did each city's plan not adopt?
select
    city,
    domain,
    item_no,
    national_item_name
from {{ ref('cmp_service_coverage') }}
where not is_adopted
  and not is_city_addition
order by city, item_no
