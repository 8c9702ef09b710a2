{#- 经济分类 subjects (部门预算支出经济分类) seen in any 一般公共预算基本支出表, named as printed most often (of
    equally frequent names the first in code-point order). Read from the cells mart. -#}
with counted as (
    select subject_code, row_label as subject_name, count(*) as times
    from {{ ref('fct_table_cell') }}
    where table_code = 'T06' and row_role = 'subject' and subject_code is not null
    group by all
),

printed as (
    select subject_code, subject_name from counted
    qualify row_number() over (partition by subject_code order by times desc, subject_name asc) = 1
),

codes as (
    select subject_code from printed
    union select left(subject_code, 3) from printed
)

select
    codes.subject_code,
    printed.subject_name,
    {{ subject_level('codes.subject_code') }} as subject_level,
    case length(codes.subject_code) when 5 then left(codes.subject_code, 3) end as parent_code
from codes
left join printed on codes.subject_code = printed.subject_code
