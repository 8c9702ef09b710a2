{#- One row per quantitative claim of the narrative: what it states, the cell it is linked to, what the
    tables imply, and whether it holds. -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

with claims as (
    select * from {{ changed(ref('int_narrative_checks'), 'int_narrative_checks') }}
),

checks as (
    select
        disclosure_id,
        claim_no,
        -- a rate printed over a base of 0 is a finding of its own, not a wrong figure
        count(*) filter (where status = 'fail' and rule_id <> 'zero_base') as failed,
        bool_or(status = 'fail' and rule_id = 'zero_base') as rate_over_zero_base,
        count(*) filter (where status = 'pass') as passed,
        -- only the failing checks are kept for the list (an ordered aggregate holds its rows in memory)
        string_agg(description || ' (' || lhs_yuan || ' vs ' || rhs_yuan || ')', '; ' order by check_id) filter (where status = 'fail')
            as findings
    from {{ changed(ref('int_recon_narrative'), 'int_recon_narrative') }}
    group by all
),

files as (
    select disclosure_id, source_file, load_status = 'partial' as is_damaged
    from {{ changed(ref('stg_raw__disclosures'), 'stg_raw__disclosures') }}
)

select
    claims.disclosure_id,
    claims.claim_no,
    claims.page_number,
    claims.section,
    claims.sentence,
    claims.figure_x0,
    claims.figure_y0,
    claims.figure_x1,
    claims.figure_y1,
    claims.sentence_x0,
    claims.sentence_y0,
    claims.sentence_x1,
    claims.sentence_y1,
    claims.subject_text,
    claims.scope,
    claims.named_fund,
    claims.subject_note,
    -- the file whose tables the claim is read against: its own, or its companion's where the narrative
    -- is published apart from its tables
    claims.tables_disclosure_id,
    files.source_file as tables_source_file,
    claims.link_table_code as linked_table_code,
    claims.table_title as linked_table_title,
    claims.table_page as linked_page,
    claims.table_row_label as linked_row_label,
    claims.table_column_path as linked_column_path,
    claims.link_subject_code as linked_subject_code,
    claims.link_rows as linked_rows,
    claims.link_strategy,
    claims.link_matched,
    claims.link_strength,
    case
        when claims.is_link_set_aside
            then coalesce(claims.link_note || '; ', '') || 'weakly linked (' || claims.link_strategy || ') to a cell printing '
                || coalesce(claims.table_printed_value, 'nothing') || ': not held against it'
        else claims.link_note
    end as link_note,
    claims.amount_printed,
    claims.unit,
    claims.stated_amount_yuan,
    claims.table_amount_yuan,
    claims.change_printed,
    claims.stated_change_yuan,
    claims.direction,
    claims.comparison_base,
    claims.prior_printed,
    claims.implied_prior_year_yuan,
    claims.percent_printed,
    claims.percent_kind,
    claims.is_budget_figure,
    claims.computed_share,
    claims.computed_completion,
    claims.computed_growth,
    claims.growth_on_this_year,
    case
        -- on a file some of whose pages could not be read, a failing check accuses no publisher
        when coalesce(checks.failed, 0) > 0 and own.is_damaged then 'unsure'
        when coalesce(checks.failed, 0) > 0 then 'fail'
        when claims.link_table_seq is null then 'unlinked'
        -- a weak link whose cell disagrees says nothing about the claim
        when claims.is_link_set_aside
            then 'unlinked'
        else 'pass'
    end as status,
    coalesce(checks.rate_over_zero_base, false) as rate_over_zero_base,
    checks.findings
from claims
left join checks on claims.disclosure_id = checks.disclosure_id and claims.claim_no = checks.claim_no
left join files on claims.tables_disclosure_id = files.disclosure_id
left join files as own on claims.disclosure_id = own.disclosure_id
