{#- Coded rows of the subject tables with their level and whether the table breaks them down further. -#}
with cells as (
    select * from {{ ref('int_table_cells') }}
    where table_code in {{ coded_tables('function', 'economic') }} and row_role = 'subject' and subject_code is not null
),

codes as (
    select distinct disclosure_id, table_seq, subject_code from cells
)

select
    cells.*,
    length(cells.subject_code) as code_length,
    not exists (
        select 1 from codes as child
        where child.disclosure_id = cells.disclosure_id
            and child.table_seq = cells.table_seq
            and length(child.subject_code) > length(cells.subject_code)
            and starts_with(child.subject_code, cells.subject_code)
    ) as is_leaf
from cells
