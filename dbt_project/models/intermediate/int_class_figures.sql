{#- The cells that give a 支出 table's (T03, T05) figure for a 类, one measure at a time: its printed 类 row
    where the table prints one, else its rows under the 类 that break down no further. A 款 whose 项 fall
    short of it is the table's own hierarchy finding (H:), not another figure for the 类. The checks between
    tables compare these cells' sum; fct_check_region outlines the same cells. -#}
with rows as (
    select
        measured.*,
        left(measured.subject_code, 3) as class_code,
        subjects.code_length = 3 as is_class_row
    from {{ ref('int_cell_measures') }} as measured
    inner join {{ ref('int_subject_rows') }} as subjects
        on {{ same_cell('measured', 'subjects') }}
    where (subjects.is_leaf or subjects.code_length = 3) and measured.table_code in ('T03', 'T05')
)

select * exclude (has_class_row)
from (
    select
        *,
        bool_or(is_class_row) over (partition by disclosure_id, table_code, class_code, measure) as has_class_row
    from rows
) as figures
where is_class_row = has_class_row
