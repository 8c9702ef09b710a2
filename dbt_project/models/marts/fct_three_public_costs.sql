{#- “三公”经费 by item (T09). -#}
select
    disclosure_id,
    measure as item,
    basis,
    amount_yuan,
    printed_value,
    page_number,
    column_path
from {{ ref('int_cell_measures') }}
where table_code = 'T09' and amount_yuan is not null
