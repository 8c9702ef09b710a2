{#- “三公”经费 by item (T09): this year's figures of the table's total row (int_three_public_items). -#}
select
    disclosure_id,
    item,
    basis,
    amount_yuan,
    printed_value,
    page_number,
    column_path
from {{ ref('int_three_public_items') }}
