{#- 类, 款 or 项 of a classification code by its length (功能分类 3/5/7 digits, 经济分类 3/5). -#}
{% macro subject_level(code) -%}
    case length({{ code }}){% for level, digits in var('subject_level_digits').items() %} when {{ digits }} then '{{ level }}'{% endfor %} end
{%- endmacro %}


{#- The codes of the tables whose rows are coded by the classifications named ('function', 'economic': the
vars function_tables, economic_tables), as a SQL list: table_code in {{ coded_tables('function') }} -#}
{% macro coded_tables() -%}
    ({%- for kind in varargs -%}{%- set outer = loop -%}{%- for code in var(kind ~ '_tables') -%}
        '{{ code }}'{{ ', ' if not (outer.last and loop.last) }}
    {%- endfor -%}{%- endfor -%})
{%- endmacro %}
