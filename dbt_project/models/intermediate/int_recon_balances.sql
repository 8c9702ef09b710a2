{#- Final accounts: a row's 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出 (政府性基金 and
    国有资本经营 tables print all four). -#}
with measured as (
    select * from {{ ref('int_cell_measures') }}
    where measure in ('opening_balance', 'income', 'total', 'closing_balance')
),

rows as (
    select
        disclosure_id,
        table_code,
        table_seq,
        table_title,
        row_number,
        any_value(row_label) as row_label,
        max(case when measure = 'opening_balance' then amount_yuan end) as opening,
        max(case when measure = 'income' then amount_yuan end) as income,
        max(case when measure = 'total' then amount_yuan end) as expenditure,
        max(case when measure = 'closing_balance' then amount_yuan end) as closing,
        count(distinct measure) as measures,
        max(rounding_unit_yuan) as tolerance_yuan,
        {{ page_list('page_number') }} as pages_involved
    from measured
    group by disclosure_id, table_code, table_seq, table_title, row_number
)

select {{ recon_columns(
    'within_table', rule_id="'closing_balance'", table_code='table_code', table_seq='table_seq', row_number='row_number'
) }}
from (
    select
        disclosure_id,
        'B:' || table_code || '#' || table_seq || ':r' || row_number as check_id,
        table_code, table_seq, row_number,
        table_code || ' ' || table_title || ', row ' || row_label
        || ': 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出' as description,
        closing as lhs_yuan,
        case when opening is not null or income is not null or expenditure is not null
                then coalesce(opening, 0) + coalesce(income, 0) - coalesce(expenditure, 0)
        end as rhs_yuan,
        tolerance_yuan,
        table_code as tables_involved,
        pages_involved
    from rows
    where measures = 4
) as checks
