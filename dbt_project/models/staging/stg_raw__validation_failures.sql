with source as (
    select * from {{ source('raw', 'validation_failures') }}
)

select
    disclosure_id,
    staging_table,
    schema_context,
    "column" as column_name,
    "check" as check_name,
    failure_case,
    row_index,
    page_number,
    table_seq
from source
