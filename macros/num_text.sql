{# A number as short text for finding details: 10.300000 -> '10.3', 1900.000000 -> '1900', 0 -> '0'. #}
{% macro num_text(expr) -%}
    regexp_replace(cast(cast({{ expr }} as decimal(38, 6)) as {{ dbt.type_string() }}), '\.?0+$', '')
{%- endmacro %}
