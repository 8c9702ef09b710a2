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
    indicator_points_stated
from source
