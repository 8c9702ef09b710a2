{#- A malformed printed code is a finding about the published table: a code of its table's classification
    cannot read so (a "7" printed where a 类 of three digits belongs). Kept as printed, with the code the rows
    around it imply where they do. One finding per row, on its page. -#}
with malformed as (
    select
        disclosure_id,
        table_seq,
        row_number,
        any_value(table_code) as table_code,
        any_value(table_title) as table_title,
        any_value(row_label) as row_label,
        any_value(printed_code) as printed_code,
        any_value(implied_code) as implied_code,
        min(page_number) as page_number
    from {{ ref('int_table_cells') }}
    where code_basis = 'malformed'
    group by disclosure_id, table_seq, row_number
)

select
    disclosure_id,
    'C:printed_code:' || table_code || '#' || table_seq || ':r' || row_number as check_id,
    'printed_code' as check_family,
    {{ check_parts(rule_id="'printed_code'", table_code='table_code', table_seq='table_seq', row_number='row_number') }},
    table_code || ' ' || table_title || ', row ' || row_label || ': the printed code ''' || printed_code
    || ''' is no code of the table''s classification'
    || coalesce(' (the rows around it imply ' || implied_code || ')', '') as description,
    cast(null as decimal(20, 2)) as lhs_yuan,
    cast(null as decimal(20, 2)) as rhs_yuan,
    cast(0 as decimal(20, 2)) as difference_yuan,
    cast(0 as decimal(20, 2)) as tolerance_yuan,
    'code' as value_unit,
    'fail' as status,
    table_code as tables_involved,
    cast(page_number as varchar) as pages_involved
from malformed
