{#- 功能分类 subjects: every national 类, and every subject seen in any disclosure with its ancestor levels;
    names as printed most often (of equally frequent names the first in code-point order), else from the 类
    list. Read from the cells mart, which holds every loaded cell already built. -#}
with printed as (
    select subject_code, row_label as subject_name, count(*) as times
    from {{ ref('fct_table_cell') }}
    where table_code in {{ coded_tables('function') }} and row_role = 'subject' and subject_code is not null
    group by all
),

named as (
    select subject_code, subject_name from printed
    qualify row_number() over (partition by subject_code order by times desc, subject_name asc) = 1
),

with_ancestors as (
    -- every national 类 (the 财政拨款收支总表 names them without codes), and every level printed
    select subject_code from {{ ref('function_classes') }}
    union select subject_code from named
    union select left(subject_code, 5) from named where length(subject_code) >= 5
    union select left(subject_code, 3) from named
)

select
    codes.subject_code,
    coalesce(named.subject_name, classes.subject_name) as subject_name,
    {{ subject_level('codes.subject_code') }} as subject_level,
    case length(codes.subject_code) when 5 then left(codes.subject_code, 3) when 7 then left(codes.subject_code, 5) end as parent_code
from with_ancestors as codes
left join named on codes.subject_code = named.subject_code
left join {{ ref('function_classes') }} as classes on codes.subject_code = classes.subject_code
