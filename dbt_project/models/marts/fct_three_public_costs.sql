{#- “三公”经费 by item (T09): this year's figures of the table's total row (int_three_public_items). One row per
    item and basis: a second “三公” table's figure is quarantined (marts.rpt_quarantined_rows), the first kept. -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

select
    disclosure_id,
    item,
    basis,
    amount_yuan,
    printed_value,
    page_number,
    column_path
from {{ changed(ref('int_three_public_items'), 'int_three_public_items') }}
qualify {{ key_rank(['disclosure_id', 'item', 'basis']) }} = 1
