with source as (
    select * from {{ source('raw', 'p01_project_funds') }}
)

select
    disclosure_id,
    table_seq,
    project_no,
    page_number,
    x0,
    y0,
    x1,
    y1,
    row_number,
    fund,
    row_label,
    printed_value,
    printed_unit,
    printed_decimals,
    amount_yuan,
    {{ rounding_unit_yuan('printed_decimals', 'printed_unit') }} as rounding_unit_yuan
from source
