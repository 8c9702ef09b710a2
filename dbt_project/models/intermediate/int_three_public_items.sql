{#- “三公”经费 items of each T09 table: this year's figures of the table's total row. An item is named by its column
    (合计, 因公出国（境）费 …), or, where the table lists the items as rows, by its row in the 合计 column.
    Columns of another year (2025年预算数 beside 2026年预算数) and the rows of single units are left out;
    the basis is the column's (预算数, 决算数) where it names one, else the report kind's. -#}
with cells as (
    select
        cells.*,
        disclosures.fiscal_year,
        disclosures.report_kind,
        regexp_replace(cells.row_label, '^(其中[：:])?([（(][一二三四五六七八九十0-9]+[）)]|[0-9]+[.．、]|[一二三四五六七八九十]+[、.．])*', '') as row_item
    from {{ ref('int_table_cells') }} as cells
    inner join {{ ref('stg_raw__disclosures') }} as disclosures using (disclosure_id)
    where cells.table_code = 'T09' and cells.amount_yuan is not null
        and {{ is_current_column('cells.column_path', 'disclosures.fiscal_year') }}
),

row_items as (
    select cells.*, rows.measure
    from cells
    inner join {{ ref('three_public_rows') }} as rows on cells.row_item = rows.row_label
),

items_in_rows as (
    select disclosure_id, table_seq from row_items group by all having count(distinct row_number) >= 2
),

by_row as (
    select row_items.*
    from row_items
    inner join items_in_rows using (disclosure_id, table_seq)
    where row_items.column_path = '合计' or ends_with(row_items.column_path, '/合计')
),

table_rows as (
    select disclosure_id, table_seq, count(distinct row_number) as n_rows from cells group by all
),

total_rows as (
    -- the row of the table's totals: its only row, or its first 合计/总计 row (the others are units)
    select cells.disclosure_id, cells.table_seq, min(cells.row_number) as row_number
    from cells
    inner join table_rows using (disclosure_id, table_seq)
    where table_rows.n_rows = 1 or cells.row_role = 'total' or regexp_matches(cells.row_label, '^(合计|总计)$')
    group by all
),

by_column as (
    select measured.*
    from {{ ref('int_cell_measures') }} as measured
    inner join total_rows using (disclosure_id, table_seq, row_number)
    inner join cells using (disclosure_id, table_seq, row_number, column_index)
    where measured.table_code = 'T09'
        and not exists (
            select 1 from items_in_rows
            where items_in_rows.disclosure_id = measured.disclosure_id and items_in_rows.table_seq = measured.table_seq
        )
),

{%- set item_columns = 'disclosure_id, measure, column_path, amount_yuan, rounding_unit_yuan, printed_value, page_number,
    table_seq, row_number, column_index' %}

items as (
    select {{ item_columns }} from by_row
    union all
    select {{ item_columns }} from by_column
)

select
    items.disclosure_id,
    items.measure as item,
    disclosures.report_kind,
    case
        when contains(items.column_path, '决算') then 'actual'
        when contains(items.column_path, '预算') then 'budget'
        when disclosures.report_kind = 'final_accounts' then 'actual'
        else 'budget'
    end as basis,
    items.amount_yuan,
    items.rounding_unit_yuan,
    items.printed_value,
    items.page_number,
    items.column_path,
    items.table_seq,
    items.row_number,
    items.column_index
from items
inner join {{ ref('stg_raw__disclosures') }} as disclosures using (disclosure_id)
