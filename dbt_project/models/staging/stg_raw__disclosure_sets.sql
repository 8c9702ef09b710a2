with source as (
    select * from {{ source('raw', 'disclosure_sets') }}
)

select
    disclosure_id,
    set_id,
    set_role,
    tables_disclosure_id,
    decided_by,
    set_note
from source
