{#- Every claim with the cell it is linked to and the file whose tables hold that cell: its own file's,
    or, for a narrative published apart from its tables, the companion file's (raw.set_claim_links). -#}
with claims as (
    select * from {{ ref('stg_raw__narrative_claims') }}
),

set_links as (
    select * from {{ ref('stg_raw__set_claim_links') }}
)

select
    claims.* replace (
        case when set_links.claim_no is null then claims.link_table_code else set_links.link_table_code end as link_table_code,
        {%- for column in ['link_table_seq', 'link_row_number', 'link_column_index', 'link_rows', 'link_subject_code',
                           'link_note', 'link_strategy', 'link_matched', 'link_strength', 'share_base_claim_no', 'share_base_table_seq',
                           'share_base_row_number', 'share_base_column_index', 'share_base_strength'] %}
            case when set_links.claim_no is null then claims.{{ column }} else set_links.{{ column }} end as {{ column }},
        {%- endfor %}
    ),
    coalesce(set_links.tables_disclosure_id, claims.disclosure_id) as tables_disclosure_id
from claims
left join set_links
    on claims.disclosure_id = set_links.disclosure_id
        and claims.claim_no = set_links.claim_no
