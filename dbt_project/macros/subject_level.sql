{#- 类, 款 or 项 of a classification code by its length (功能分类 3/5/7 digits, 经济分类 3/5). -#}
{% macro subject_level(code) -%}
    case length({{ code }}){% for level, digits in var('subject_level_digits').items() %} when {{ digits }} then '{{ level }}'{% endfor %} end
{%- endmacro %}
