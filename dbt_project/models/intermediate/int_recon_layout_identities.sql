{#- Sums each table's own layout asserts: a 合计/小计 column over its siblings, a numbered item over
    its sub-items, a 合计/总计 row over the rows before it, 收入总计 = 支出总计. -#}
with identities as (
    select * from {{ ref('stg_raw__table_identities') }}
),

cells as (
    select * from {{ ref('int_table_cells') }}
),

joined as (
    select
        identities.*,
        cells.table_code,
        cells.table_title,
        cells.page_number,
        cells.row_label,
        cells.column_path,
        cells.amount_yuan,
        cells.rounding_unit_yuan
    from identities
    left join cells
        on {{ same_cell('identities', 'cells') }}
),

summed as (
    select
        disclosure_id,
        table_seq,
        identity_no,
        any_value(identity_kind) as identity_kind,
        any_value(strength) as strength,
        any_value(table_code) as table_code,
        any_value(table_title) as table_title,
        max(case when role = 'lhs' then row_number end) as lhs_row,
        max(case when role = 'lhs' then column_index end) as lhs_column,
        max(case when role = 'lhs' then row_label end) as lhs_label,
        max(case when role = 'lhs' then column_path end) as lhs_path,
        sum(case when role = 'lhs' then amount_yuan end) as lhs_yuan,
        sum(case when role = 'rhs' then amount_yuan end) as rhs_yuan,
        string_agg(
            case when role = 'rhs' then case when identity_kind = 'columns' then column_path else row_label end end,
            ' + ' order by row_number, column_index
        ) as rhs_names,
        max(rounding_unit_yuan) as tolerance_yuan,
        {{ page_list('page_number') }} as pages_involved
    from joined
    group by disclosure_id, table_seq, identity_no
    -- a table quarantined by validation has no cells to check
    having count(table_code) filter (where role = 'lhs') > 0
),

described as (
    select
        disclosure_id,
        'L:' || table_code || '#' || table_seq || ':' || identity_kind || ':r' || lhs_row || 'c' || lhs_column as check_id,
        identity_kind, table_code, table_seq, lhs_row, lhs_column,
        case identity_kind
            when 'columns'
                then table_code || ' ' || table_title
                    || case when coalesce(lhs_label, '') <> '' then ', row ' || lhs_label else '' end
                    || ': ' || lhs_path || ' = ' || rhs_names
            when 'balance' then table_code || ' ' || table_title || ': ' || lhs_label || ' = ' || rhs_names
            else table_code || ' ' || table_title || ', column ' || lhs_path || ': ' || lhs_label || ' = ' || rhs_names
        end as description,
        lhs_yuan,
        rhs_yuan,
        tolerance_yuan,
        table_code as tables_involved,
        pages_involved,
        strength
    from summed
)

-- a weak sum (read where the layout leaves something unprinted) may confirm the table, never accuse it
select {{ recon_columns(
    'within_table', applicable="not (strength = 'weak' and abs(coalesce(lhs_yuan, 0) - coalesce(rhs_yuan, 0)) > tolerance_yuan)",
    value_unit="'yuan'", rule_id='identity_kind', table_code='table_code', table_seq='table_seq', row_number='lhs_row',
    column_index='lhs_column'
) }}
from described
