{#- 一般公共预算基本支出 by 经济分类 subject (T06), every row read, each with its place among the rows of the same
    mart key (key_rank: fct_basic_expenditure_by_economic keeps the first). -#}
select
    disclosure_id,
    subject_code,
    {{ subject_level('subject_code') }} as subject_level,
    measure,
    basis,
    amount_yuan,
    printed_value,
    page_number,
    row_number,
    column_path,
    table_seq,
    column_index,
    {{ key_rank(['disclosure_id', 'subject_code', 'measure', 'basis']) }} as key_rank
from {{ ref('int_cell_measures') }}
where table_code = 'T06' and row_role = 'subject' and subject_code is not null and amount_yuan is not null
