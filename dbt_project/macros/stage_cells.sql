{#- The staging view of one table type's amount cells: the source columns, typed and renamed once. -#}
{% macro stage_cells(table_name) %}
with source as (
    select * from {{ source('raw', table_name) }}
),

renamed as (
    select
        disclosure_id,
        table_seq,
        table_code,
        page_number,
        x0,
        y0,
        x1,
        y1,
        row_number,
        side,
        row_label,
        row_role,
        subject_code,
        printed_code,
        code_basis,
        implied_code,
        detail_code,
        unit_code,
        column_index,
        column_path,
        printed_value,
        printed_unit,
        printed_decimals,
        amount_yuan,
        {{ rounding_unit_yuan('printed_decimals', 'printed_unit') }} as rounding_unit_yuan
    from source
)

select * from renamed
{% endmacro %}

{#- One rounding unit of a printed figure, in yuan: 0.01 of the printed unit (0.01 万元 = 100 元),
    or finer where more decimals are printed. -#}
{% macro rounding_unit_yuan(decimals, unit) -%}
    cast(power(10, -greatest({{ decimals }}, 2)) as decimal(20, 8)) * {{ unit_factor(unit) }}
{%- endmacro %}

{#- Yuan per printed money unit (the Python side's UNIT_FACTORS); null for a count (辆, 个). -#}
{% macro unit_factor(unit) -%}
    case {{ unit }}{% for name, factor in var('money_units').items() %} when '{{ name }}' then {{ factor }}{% endfor %} end
{%- endmacro %}
