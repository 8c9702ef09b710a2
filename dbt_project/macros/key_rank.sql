{#- A row's place among the rows of the same mart key: 1 for the first (the earliest table, row and column),
    2 and on for the rows a second table of the same code, or a subject printed twice, would add under that key.
    The marts keep the first; marts.rpt_quarantined_rows lists the others with their page. -#}
{% macro key_rank(key_columns) -%}
    row_number() over (
        partition by {{ key_columns | join(', ') }}
        order by table_seq, row_number, column_index
    )
{%- endmacro %}
