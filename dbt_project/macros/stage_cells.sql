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
        row_number,
        side,
        row_label,
        row_role,
        subject_code,
        unit_code,
        column_index,
        column_path,
        printed_value,
        printed_unit,
        printed_decimals,
        amount_yuan,
        -- one rounding unit of the printed figure, in yuan (0.01 万元 = 100 元)
        cast(power(10, -greatest(printed_decimals, 2)) as decimal(20, 4))
            * case printed_unit when '万元' then 10000 when '千元' then 1000 when '亿元' then 100000000 else 1 end
            as rounding_unit_yuan
    from source
)

select * from renamed
{% endmacro %}
