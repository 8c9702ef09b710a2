{#- Provenance of every number: each amount cell as printed, where it is printed, and its exact yuan value. -#}
select
    disclosure_id,
    table_code,
    table_seq,
    table_title,
    page_number,
    row_number,
    row_label,
    row_role,
    subject_code,
    printed_code,
    code_basis,
    implied_code,
    detail_code,
    unit_code,
    side,
    column_index,
    column_path,
    printed_value,
    printed_unit,
    amount_yuan
from {{ ref('int_table_cells') }}
