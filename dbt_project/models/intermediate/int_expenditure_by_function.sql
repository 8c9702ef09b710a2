{#- Expenditure by 功能分类 subject, fund scope and measure, every row read: coded rows of T03/T05/T07/T08, and
    the 类 rows of the 财政拨款收支总表 (T04, printed by name) coded through the 类 list, each with its place
    among the rows of the same mart key (key_rank: fct_expenditure_by_function keeps the first). -#}
with measured as (
    select * from {{ ref('int_cell_measures') }}
),

coded as (
    select
        disclosure_id, table_code, subject_code, row_label as subject_name, fund_scope, measure, basis,
        amount_yuan, printed_value, page_number, table_seq, row_number, column_index, column_path
    from measured
    where table_code in {{ coded_tables('function') }} and row_role = 'subject' and subject_code is not null
),

class_names as (
    select subject_code, subject_name as name from {{ ref('function_classes') }}
    union all
    select subject_code, alias from {{ ref('function_class_aliases') }}
),

t04_classes as (
    select
        measured.disclosure_id, measured.table_code, class_names.subject_code, measured.item_name as subject_name,
        measured.fund_scope, measured.measure, measured.basis, measured.amount_yuan, measured.printed_value,
        measured.page_number, measured.table_seq, measured.row_number, measured.column_index, measured.column_path
    from measured
    inner join class_names
        on replace(regexp_replace(measured.item_name, '（类）|\(类\)', ''), ' ', '') = class_names.name
    where measured.table_code = 'T04' and measured.side = 2
)

select
    disclosure_id,
    table_code,
    subject_code,
    {{ subject_level('subject_code') }} as subject_level,
    fund_scope,
    measure,
    basis,
    amount_yuan,
    printed_value,
    page_number,
    row_number,
    column_path,
    table_seq,
    column_index,
    {{ key_rank(['disclosure_id', 'table_code', 'subject_code', 'fund_scope', 'measure', 'basis']) }} as key_rank
from (select * from coded union all select * from t04_classes) as rows
where amount_yuan is not null
