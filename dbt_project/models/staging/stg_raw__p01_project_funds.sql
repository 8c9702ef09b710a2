with source as (
    select * from {{ source('raw', 'p01_project_funds') }}
)

select
    disclosure_id,
    table_seq,
    page_number,
    row_number,
    fund,
    row_label,
    printed_value,
    printed_unit,
    printed_decimals,
    amount_yuan,
    cast(power(10, -greatest(printed_decimals, 2)) as decimal(20, 4))
        * case printed_unit when '万元' then 10000 when '千元' then 1000 when '亿元' then 100000000 else 1 end
        as rounding_unit_yuan
from source
