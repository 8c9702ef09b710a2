with source as (
    select * from {{ source('raw', 'extraction_coverage') }}
)

select
    disclosure_id,
    region_kind,
    table_seq,
    page_number,
    region,
    region_note,
    amounts_printed,
    amounts_read,
    amounts_missing,
    values_not_printed,
    missing_examples,
    not_printed_examples
from source
