{#- Every check of every disclosure: one row per check with both sides, the difference, the tolerance (one
    rounding unit of the printed figures) and pass / fail / not_applicable; a content rule of the catalogue
    (content_rules, check ids C:<rule>) also quotes the text or cell that decided it (evidence). -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

with checks as (
    select * from {{ changed(ref('int_recon_layout_identities'), 'int_recon_layout_identities') }}
    union all select * from {{ changed(ref('int_recon_subject_hierarchy'), 'int_recon_subject_hierarchy') }}
    union all select * from {{ changed(ref('int_recon_balances'), 'int_recon_balances') }}
    union all select * from {{ changed(ref('int_recon_cross_table'), 'int_recon_cross_table') }}
    union all select * from {{ changed(ref('int_recon_projects'), 'int_recon_projects') }}
    union all select * from {{ changed(ref('int_recon_narrative'), 'int_recon_narrative') }}
    union all select * from {{ changed(ref('int_recon_years'), 'int_recon_years') }}
    union all select * from {{ changed(ref('int_recon_printed_codes'), 'int_recon_printed_codes') }}
    union all by name select * from {{ changed(ref('int_recon_content_presence'), 'int_recon_content_presence') }}
    union all by name select * from {{ changed(ref('int_recon_content_empty_tables'), 'int_recon_content_empty_tables') }}
    union all by name select * from {{ changed(ref('int_recon_content_reasons'), 'int_recon_content_reasons') }}
    union all by name select * from {{ changed(ref('int_recon_content_wording'), 'int_recon_content_wording') }}
    union all by name select * from {{ changed(ref('int_recon_content_figures'), 'int_recon_content_figures') }}
    union all by name select * from {{ changed(ref('int_recon_content_tables'), 'int_recon_content_tables') }}
),

damaged as (
    -- a file some of whose pages could not be read: what it prints may be damaged too
    select disclosure_id from {{ changed(ref('stg_raw__disclosures'), 'stg_raw__disclosures') }} where load_status = 'partial'
),

numbered as (
    -- a check id is one check of its disclosure: where two checks would share one (a second table of the same
    -- code, a damaged copy), the later ones are told apart by their place (~2, ~3), in a stable order
    select
        checks.*,
        row_number() over (
            partition by checks.disclosure_id, checks.check_id
            order by checks.tables_involved, checks.pages_involved, checks.description, checks.lhs_yuan, checks.rhs_yuan, checks.status
        ) as id_rank
    from checks
)

select
    checks.* exclude (id_rank) replace (
        case when checks.id_rank > 1 then checks.check_id || '~' || checks.id_rank else checks.check_id end as check_id,
        -- a check that fails on a damaged file accuses no publisher: it is unsure
        case when checks.status = 'fail' and damaged.disclosure_id is not null then 'unsure' else checks.status end as status
    ),
    -- a content rule's severity as the catalogue gives it; an arithmetic check that fails is an error
    coalesce(rules.severity, 'error') as severity
from numbered as checks
left join damaged on checks.disclosure_id = damaged.disclosure_id
left join {{ ref('content_rules') }} as rules
    on checks.check_family = rules.family and checks.rule_id = rules.rule_id
