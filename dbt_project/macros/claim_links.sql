{#- The columns of a claim's link to its cell, as raw.narrative_claims and raw.set_claim_links both hold
    them: one row's link_rows is its own row number where no sum of rows was stated. -#}
{% macro claim_link_columns() -%}
        link_table_code,
        link_table_seq,
        link_row_number,
        link_column_index,
        coalesce(link_rows, cast(cast(link_row_number as integer) as varchar)) as link_rows,
        link_subject_code,
        link_note,
        link_strategy,
        link_matched,
        link_strength,
        share_base_claim_no,
        share_base_table_seq,
        share_base_row_number,
        share_base_column_index,
        share_base_strength
{%- endmacro %}
