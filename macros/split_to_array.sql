{# Split a delimited string into an array. DuckDB-specific; kept in one macro so another engine
   (e.g. Spark: split(col, '\\|')) needs one override. #}
{% macro split_to_array(column, delimiter) -%}
    {{ return(adapter.dispatch('split_to_array')(column, delimiter)) }}
{%- endmacro %}

{% macro default__split_to_array(column, delimiter) -%}
    string_split({{ column }}, '{{ delimiter }}')
{%- endmacro %}
