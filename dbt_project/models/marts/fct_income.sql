{#- Income by item: the income side of the 收支总表 (all funds) and the 财政拨款收支总表 (fiscal
    appropriation), and the 合计 row of the 收入总表 by income column. -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

with list_income as (
    select
        disclosure_id,
        table_code,
        case when parent_item is not null then parent_item || '/' else '' end || item_key as income_item,
        case table_code when 'T01' then 'all_funds' else 'fiscal_appropriation' end as fund_scope,
        row_role,
        amount_yuan,
        printed_value,
        page_number,
        row_number
    from {{ changed(ref('int_list_items'), 'int_list_items') }}
    where side = 1
),

income_table as (
    select
        disclosure_id,
        table_code,
        column_path as income_item,
        'all_funds' as fund_scope,
        row_role,
        amount_yuan,
        printed_value,
        page_number,
        row_number
    from {{ changed(ref('int_table_cells'), 'int_table_cells') }}
    where table_code = 'T02' and row_role = 'total'
)

select * from (select * from list_income union all select * from income_table) as income
where amount_yuan is not null
