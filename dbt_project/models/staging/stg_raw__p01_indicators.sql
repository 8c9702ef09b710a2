with source as (
    select * from {{ source('raw', 'p01_indicators') }}
)

select
    disclosure_id,
    table_seq,
    project_no,
    page_number,
    row_number,
    level1 as level1_name,
    level2 as level2_name,
    level3 as level3_name,
    target_text,
    operator,
    target_value,
    target_unit,
    score_text,
    score,
    x0,
    y0,
    x1,
    y1
from source
