with source as (
    select * from {{ source('raw', 'set_claim_links') }}
)

select
    disclosure_id,
    claim_no,
    tables_disclosure_id,
    {{ claim_link_columns() }}
from source
