{# A number as short text for finding details: 10.300000 -> '10.3'. Cross-database types. #}
{% macro num_text(expr) -%}
    cast(cast({{ expr }} as {{ dbt.type_float() }}) as {{ dbt.type_string() }})
{%- endmacro %}
