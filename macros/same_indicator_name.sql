{# Two indicator names denote the same quantity when they are equal, or when one ends with the other
   and the shorter has at least 4 characters ('农民工劳务品牌培训' / '劳务品牌培训'). #}
{% macro same_indicator_name(a, b) -%}
    ({{ a }} = {{ b }}
     or (length({{ b }}) >= 4 and length({{ a }}) > length({{ b }}) and right({{ a }}, length({{ b }})) = {{ b }})
     or (length({{ a }}) >= 4 and length({{ b }}) > length({{ a }}) and right({{ b }}, length({{ a }})) = {{ a }}))
{%- endmacro %}
