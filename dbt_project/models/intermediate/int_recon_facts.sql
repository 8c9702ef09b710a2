{#- Named figures of each disclosure that the cross-table checks compare, e.g.
    T01.in.本年收入合计, T04.in.上年结转/一般公共预算拨款, T05.total.basic, T06.code.30217.total, T09.reception. -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

with list_items as (
    select * from {{ changed(ref('int_list_items'), 'int_list_items') }}
),

measured as (
    select * from {{ changed(ref('int_cell_measures'), 'int_cell_measures') }}
),

t01 as (
    select
        disclosure_id,
        'T01.' || case side when 1 then 'in' else 'out' end || '.' || item_key as fact_key,
        amount_yuan, rounding_unit_yuan, table_code, page_number, table_seq, row_number, column_index
    from list_items
    where table_code = 'T01'
),

t04_income as (
    select
        disclosure_id,
        'T04.in.' || case when parent_item is not null then parent_item || '/' else '' end || item_key as fact_key,
        amount_yuan, rounding_unit_yuan, table_code, page_number, table_seq, row_number, column_index
    from list_items
    where table_code = 'T04' and side = 1
),

t04_expenditure as (
    select
        disclosure_id,
        'T04.out.' || item_key || '.' || fund_scope as fact_key,
        amount_yuan, rounding_unit_yuan, table_code, page_number, table_seq, row_number, column_index
    from (
        select list_items.*, measured.fund_scope
        from list_items
        inner join measured
            on {{ same_cell('list_items', 'measured') }}
        where list_items.table_code = 'T04' and list_items.side = 2
    )
),

t02 as (
    -- the 合计 row of the income table, keyed like the 收支总表's income items
    select
        disclosure_id,
        'T02.' || case
            when column_path = '合计' then '收入总计'
            when column_path = '本年收入/小计' then '本年收入合计'
            when regexp_extract(column_path, '([^/]+)$', 1) in ('小计', '金额')
                then regexp_extract(column_path, '([^/]+)/[^/]+$', 1)
            else regexp_extract(column_path, '([^/]+)$', 1)
        end as fact_key,
        amount_yuan, rounding_unit_yuan, table_code, page_number, table_seq, row_number, column_index
    from {{ changed(ref('int_table_cells'), 'int_table_cells') }}
    where table_code = 'T02' and row_role = 'total'
),

table_totals as (
    select
        disclosure_id,
        table_code || '.total.' || measure as fact_key,
        amount_yuan, rounding_unit_yuan, table_code, page_number, table_seq, row_number, column_index
    from measured
    where row_role = 'total' and table_code in {{ coded_tables('function', 'economic') }}
),

economic_codes as (
    select
        disclosure_id,
        'T06.code.' || subject_code || '.' || measure as fact_key,
        amount_yuan, rounding_unit_yuan, table_code, page_number, table_seq, row_number, column_index
    from measured
    where table_code = 'T06' and row_role = 'subject' and subject_code is not null
),

three_public as (
    -- this year's items, on the basis the disclosure reports (预算数 in a budget, 决算数 in final accounts)
    select
        disclosure_id,
        'T09.' || item as fact_key,
        amount_yuan, rounding_unit_yuan, 'T09' as table_code, page_number, table_seq, row_number, column_index
    from {{ changed(ref('int_three_public_items'), 'int_three_public_items') }}
    where basis = case report_kind when 'final_accounts' then 'actual' else 'budget' end
),

all_facts as (
    select * from t01
    union all select * from t04_income
    union all select * from t04_expenditure
    union all select * from t02
    union all select * from table_totals
    union all select * from economic_codes
    union all select * from three_public
)

-- a name printed with two different figures (a 合计 row repeated with other amounts, two tables of one
-- kind) names no single figure: it is left out, and the checks using it do not apply
select
    disclosure_id,
    fact_key,
    any_value(amount_yuan) as amount_yuan,
    max(rounding_unit_yuan) as rounding_unit_yuan,
    -- the table of the first cell printing it
    arg_min(table_code, (page_number, table_seq, row_number, column_index)) as table_code,
    min(page_number) as page_number,
    -- the cells that print it (one, or the same figure repeated), where reports show the source
    list_sort(list(distinct { 'table_seq': table_seq, 'row_number': row_number, 'column_index': column_index })) as cells
from all_facts
group by disclosure_id, fact_key
having count(distinct coalesce(amount_yuan, -1)) = 1
