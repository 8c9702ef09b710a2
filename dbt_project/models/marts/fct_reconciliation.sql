{#- Every arithmetic check of every disclosure: one row per check with both sides, the difference,
    the tolerance (one rounding unit of the printed figures) and pass / fail / not_applicable. -#}
with checks as (
    select * from {{ ref('int_recon_layout_identities') }}
    union all select * from {{ ref('int_recon_subject_hierarchy') }}
    union all select * from {{ ref('int_recon_balances') }}
    union all select * from {{ ref('int_recon_cross_table') }}
    union all select * from {{ ref('int_recon_projects') }}
    union all select * from {{ ref('int_recon_narrative') }}
    union all select * from {{ ref('int_recon_years') }}
    union all select * from {{ ref('int_recon_printed_codes') }}
)

select * from checks
