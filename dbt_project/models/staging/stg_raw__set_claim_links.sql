with source as (
    select * from {{ source('raw', 'set_claim_links') }}
)

select
    disclosure_id,
    claim_no,
    tables_disclosure_id,
    link_table_code,
    link_table_seq,
    link_row_number,
    link_column_index,
    coalesce(link_rows, cast(cast(link_row_number as integer) as varchar)) as link_rows,
    link_subject_code,
    link_note,
    link_strategy,
    link_strength,
    share_base_claim_no,
    share_base_table_seq,
    share_base_row_number,
    share_base_column_index,
    share_base_strength
from source
