with source as (
    select * from {{ source('raw', 'p01_projects') }}
)

select
    disclosure_id,
    table_seq,
    project_no,
    page_number,
    project_name,
    department,
    implementing_unit,
    objectives,
    execution_points_stated,
    indicator_points_stated,
    points_x0,
    points_y0,
    points_x1,
    points_y1
from source
