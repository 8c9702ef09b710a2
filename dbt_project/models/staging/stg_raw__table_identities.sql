with source as (
    select * from {{ source('raw', 'table_identities') }}
)

select disclosure_id, table_seq, identity_no, kind as identity_kind, strength, role, row_number, column_index
from source
