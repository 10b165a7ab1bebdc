-- Question: which domains does each city's plan put most targets and tasks in?
select
    p.city,
    p.domain,
    dd.domain_name_en,
    p.n_targets,
    p.n_tasks,
    p.n_service_items,
    rank() over (partition by p.city order by p.n_targets + p.n_tasks desc) as rank_in_city
from {{ ref('cmp_domain_profile') }} as p
left join {{ ref('dim_domain') }} as dd on dd.domain = p.domain
order by p.city, rank_in_city, p.domain
