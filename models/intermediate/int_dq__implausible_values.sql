-- Document check: values a reader would question - a rate (unit %) outside 0-100 for a level
-- (baseline, target, standard; increments may be negative), or a year outside 1949-2100.
-- Grain: one row per value and problem.
with values_ as (
    select * from {{ ref('fct_indicator_values') }}
),

percent_out_of_range as (
    select
        doc_id,
        'percent_out_of_range' as check_name,
        'warning' as severity,
        source_line,
        indicator_name || ' (' || value_kind || ') is ' || {{ num_text('value') }} || ' %, outside 0-100' as detail,
        source_text
    from values_
    where unit = '%'
      and value_kind in ('baseline', 'target', 'standard')
      and (value < 0 or value > 100)
),

year_out_of_range as (
    select
        doc_id,
        'year_out_of_range' as check_name,
        'warning' as severity,
        source_line,
        indicator_name || ' (' || value_kind || ') is dated ' || cast(year as {{ dbt.type_string() }})
            || ', outside 1949-2100' as detail,
        source_text
    from values_
    where year < 1949 or year > 2100
)

select * from percent_out_of_range
union all
select * from year_out_of_range
