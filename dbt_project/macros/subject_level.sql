{#- 类, 款 or 项 of a classification code by its length (功能分类 3/5/7 digits, 经济分类 3/5). -#}
{% macro subject_level(code) -%}
    case length({{ code }}) when 3 then '类' when 5 then '款' when 7 then '项' end
{%- endmacro %}
