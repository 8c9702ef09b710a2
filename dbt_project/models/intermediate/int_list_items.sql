{#- Rows of the list tables (收支总表 T01, 财政拨款收支总表 T04) with the outline item they sit under.
    T04 prints （一）一般公共预算拨款 under both 本年收入 and 上年结转: the parent tells them apart. -#}
with cells as (
    select * from {{ ref('int_table_cells') }}
    where table_code in ('T01', 'T04')
),

with_parent as (
    select
        *,
        last_value(case when outline_level = 1 then item_name end ignore nulls) over (
            partition by disclosure_id, table_seq, side, column_index
            order by row_number
            rows between unbounded preceding and current row
        ) as level1_item
    from cells
)

select
    *,
    case when outline_level = 2 then level1_item end as parent_item,
    replace(replace(item_name, '（类）', ''), '(类)', '') as item_key
from with_parent
