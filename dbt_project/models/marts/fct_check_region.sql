{#- Where each failed or unsure check's figures are printed: one row per region (a table cell, a claim's figure
    or sentence) of one side of the check, with its box on its page. Regions are found from what the check is
    built of, never guessed: a layout sum from its identity's cells, a narrative claim from its own figure and
    sentence and the cells it is linked to, a cross-table check from the cells of the figures it names, or of the 类 it compares, a project's scores
    from its header's points and its indicators' 分值 cells; any other check's side only where exactly one cell of its tables,
    on its pages, prints that side's amount. A side found none of these ways has no row: the report shows its
    pages whole and says so. -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

with checks as (
    select
        disclosure_id, check_id, check_family, rule_id, table_seq, row_number, column_index, subject_code, claim_no,
        project_no, tables_involved, lhs_yuan, rhs_yuan, value_unit,
        string_split(coalesce(tables_involved, ''), ',') as tables,
        list_transform(string_split(coalesce(pages_involved, ''), ','), lambda p: try_cast(trim(p) as integer)) as pages
    from {{ changed(ref('fct_reconciliation'), 'fct_reconciliation') }}
    where status in ('fail', 'unsure')
),

cells as (
    select * from {{ changed(ref('fct_table_cell'), 'fct_table_cell') }} where x0 is not null
),

identities as (
    select * from {{ changed(ref('stg_raw__table_identities'), 'stg_raw__table_identities') }}
),

layout_checks as (
    -- a layout sum: its rule is its identity's kind, its cell the identity's printed total
    select * from checks
    where check_family = 'within_table' and rule_id in (select distinct identity_kind from identities)
),

layout as (
    select
        layout_checks.disclosure_id, layout_checks.check_id, parts.role as side, 'identity' as located_by,
        {{ region_of('cells') }}
    from layout_checks
    inner join identities as total
        on layout_checks.disclosure_id = total.disclosure_id
            and total.role = 'lhs'
            and layout_checks.table_seq = total.table_seq
            and layout_checks.rule_id = total.identity_kind
            and layout_checks.row_number = total.row_number
            and layout_checks.column_index = total.column_index
    inner join identities as parts
        on total.disclosure_id = parts.disclosure_id
            and total.table_seq = parts.table_seq
            and total.identity_no = parts.identity_no
    inner join cells on {{ same_cell('parts', 'cells') }}
),

claim_checks as (
    -- the narrative's checks of a claim, and the content rules read off one claim (a change's reason, the
    -- wording of a completion rate)
    select checks.disclosure_id, checks.check_id, checks.check_family, checks.rule_id, claims.*
    from checks
    inner join {{ changed(ref('int_narrative_claims')) }} as claims
        on checks.disclosure_id = claims.disclosure_id
            and checks.claim_no = claims.claim_no
    where checks.check_family in ('narrative', 'reason') or checks.rule_id = 'budget_final_wording'
),

claim_own as (
    -- the claim's figure is its printed side; the sentence is what a content rule read
    select
        disclosure_id, check_id,
        case when check_family = 'narrative' then 'lhs' else 'evidence' end as side,
        'claim' as located_by, disclosure_id as page_disclosure_id, page_number,
        case when check_family = 'narrative' then figure_x0 else sentence_x0 end as x0,
        case when check_family = 'narrative' then figure_y0 else sentence_y0 end as y0,
        case when check_family = 'narrative' then figure_x1 else sentence_x1 end as x1,
        case when check_family = 'narrative' then figure_y1 else sentence_y1 end as y1,
        case when check_family = 'narrative' then coalesce(percent_printed || '%', amount_printed || unit) else sentence end
            as printed
    from claim_checks
),

claim_linked as (
    -- what a narrative claim is compared with: the cells it is linked to, and the total of a share
    select
        claim_checks.disclosure_id, claim_checks.check_id, 'rhs' as side, 'claim' as located_by,
        {{ region_of('cells') }}
    from claim_checks
    inner join cells
        on claim_checks.tables_disclosure_id = cells.disclosure_id
            and (
                (
                    claim_checks.link_table_seq = cells.table_seq
                    and claim_checks.link_column_index = cells.column_index
                    and list_contains(string_split(claim_checks.link_rows, '+'), cast(cells.row_number as varchar))
                )
                or (
                    claim_checks.check_family = 'narrative' and claim_checks.rule_id = 'share'
                    and claim_checks.share_base_table_seq = cells.table_seq
                    and claim_checks.share_base_row_number = cells.row_number
                    and claim_checks.share_base_column_index = cells.column_index
                )
            )
    -- a growth or completion rate is computed from the sentence's own figures: not from the linked cell
    where claim_checks.check_family = 'narrative' and claim_checks.rule_id in ('amount', 'share')
),

claim_base as (
    -- the total of a share stated by another claim of the narrative
    select
        claim_checks.disclosure_id, claim_checks.check_id, 'rhs' as side, 'claim' as located_by,
        {{ region_of('base', printed="base.amount_printed || base.unit", prefix='figure_') }}
    from claim_checks
    inner join {{ changed(ref('int_narrative_claims')) }} as base
        on claim_checks.disclosure_id = base.disclosure_id and claim_checks.share_base_claim_no = base.claim_no
    where claim_checks.check_family = 'narrative' and claim_checks.rule_id = 'share'
),

claim_sentence as (
    -- a rate computed from the sentence's own figures (a growth rate, a share of a total it states): the sentence
    select
        claim_checks.disclosure_id, claim_checks.check_id, 'rhs' as side, 'claim' as located_by,
        {{ region_of('claim_checks', printed='claim_checks.sentence', prefix='sentence_') }}
    from claim_checks
    where check_family = 'narrative' and rule_id not in ('amount', 'share')
),

fact_keys as (
    -- the named figures a cross-table check compares: its row of cross_table_checks, or an income item both
    -- summary tables print (X:T01-T02:<item>)
    select checks.disclosure_id, checks.check_id, sides.side, trim(keys.key) as fact_key
    from checks
    inner join {{ ref('cross_table_checks') }} as listed on checks.check_id = listed.check_id
    cross join (values ('lhs'), ('rhs')) as sides (side)
    cross join unnest(string_split(case sides.side when 'lhs' then listed.lhs_keys else listed.rhs_keys end, '+')) as keys (key)
    union all
    select
        disclosure_id, check_id, sides.side,
        case sides.side when 'lhs' then 'T01.in.' else 'T02.' end || rule_id as fact_key
    from checks
    cross join (values ('lhs'), ('rhs')) as sides (side)
    where check_family = 'cross_table' and tables_involved = 'T01,T02'
),

by_fact as (
    select
        fact_keys.disclosure_id, fact_keys.check_id, fact_keys.side, 'fact' as located_by,
        {{ region_of('cells') }}
    from fact_keys
    inner join {{ changed(ref('int_recon_facts')) }} as facts
        on fact_keys.disclosure_id = facts.disclosure_id and fact_keys.fact_key = facts.fact_key
    cross join unnest(facts.cells) as printed_at (cell)
    inner join cells
        on facts.disclosure_id = cells.disclosure_id
            and printed_at.cell.table_seq = cells.table_seq
            and printed_at.cell.row_number = cells.row_number
            and printed_at.cell.column_index = cells.column_index
),

class_checks as (
    -- a 类 item of a summary table (T01, T04) against the 支出 table (T03, T05) that breaks it down
    select
        disclosure_id, check_id, lhs_yuan,
        {
            'list_table': split_part(tables_involved, ',', 1),
            'subject_table': split_part(tables_involved, ',', 2),
            'class_code': subject_code
        } as at
    from checks
    where check_family = 'cross_table' and rule_id = 'class'
),

class_names as (
    select subject_code, subject_name as name from {{ ref('function_classes') }}
    union all
    select subject_code, alias from {{ ref('function_class_aliases') }}
),

by_subject as (
    -- the summary table's item naming the 类 with the amount compared, and the 支出 table's row of the 类 (the
    -- rows summed where it prints none)
    select
        class_checks.disclosure_id, class_checks.check_id, 'lhs' as side, 'subject' as located_by,
        {{ region_of('items') }}
    from class_checks
    inner join class_names on class_checks.at.class_code = class_names.subject_code
    inner join {{ changed(ref('int_list_items')) }} as items
        on class_checks.disclosure_id = items.disclosure_id
            and class_checks.at.list_table = items.table_code
            and items.side = 2
            and class_names.name = items.item_key
            and class_checks.lhs_yuan = items.amount_yuan
    union all
    select
        class_checks.disclosure_id, class_checks.check_id, 'rhs' as side, 'subject' as located_by,
        {{ region_of('measured') }}
    from class_checks
    inner join {{ changed(ref('int_class_figures')) }} as measured
        on class_checks.disclosure_id = measured.disclosure_id
            and class_checks.at.subject_table = measured.table_code
            and measured.measure = 'total'
            and class_checks.at.class_code = measured.class_code
),

structural as (
    select * from by_fact
    union all select * from by_subject
),

project_checks as (
    -- a project's scores: the points the header states against the indicators' scores
    select
        checks.disclosure_id, checks.check_id, projects.*
    from checks
    inner join {{ changed(ref('stg_raw__p01_projects')) }} as projects
        on checks.disclosure_id = projects.disclosure_id
            and checks.table_seq = projects.table_seq
            and checks.project_no = projects.project_no
    where checks.check_family = 'project' and checks.rule_id = 'scores'
),

by_project as (
    select
        project_checks.disclosure_id, project_checks.check_id, 'lhs' as side, 'project' as located_by,
        {{ region_of('project_checks', printed='cast(project_checks.indicator_points_stated as varchar)', prefix='points_') }}
    from project_checks
    union all
    select
        project_checks.disclosure_id, project_checks.check_id, 'rhs' as side, 'project' as located_by,
        {{ region_of('indicators', printed='indicators.score_text') }}
    from project_checks
    inner join {{ changed(ref('stg_raw__p01_indicators')) }} as indicators
        on project_checks.disclosure_id = indicators.disclosure_id
            and project_checks.table_seq = indicators.table_seq
            and project_checks.project_no = indicators.project_no
    where indicators.score is not null
),

sides as (
    select disclosure_id, check_id, check_family, rule_id, tables, pages, 'lhs' as side, lhs_yuan as amount_yuan from checks
    where value_unit = 'yuan' and lhs_yuan is not null
    union all
    select disclosure_id, check_id, check_family, rule_id, tables, pages, 'rhs' as side, rhs_yuan as amount_yuan from checks
    where value_unit = 'yuan' and rhs_yuan is not null
),

by_value as (
    -- the one cell of the check's tables, on its pages, printing the side's amount; none where two do
    select
        sides.disclosure_id, sides.check_id, sides.side, 'value' as located_by,
        {{ region_of('cells') }}
    from sides
    inner join cells
        on sides.disclosure_id = cells.disclosure_id
            and sides.amount_yuan = cells.amount_yuan
            and list_contains(sides.tables, cells.table_code)
            and list_contains(sides.pages, cells.page_number)
    where sides.check_id not in (select check_id from layout_checks where disclosure_id = sides.disclosure_id)
        and sides.check_family <> 'narrative'
        and not (sides.check_family = 'project' and sides.rule_id = 'scores')
        and not exists (
            select 1 from structural
            where structural.disclosure_id = sides.disclosure_id and structural.check_id = sides.check_id
                and structural.side = sides.side
        )
    qualify count(*) over (partition by sides.disclosure_id, sides.check_id, sides.side) = 1
),

regions as (
    select * from layout
    union all select * from claim_own
    union all select * from claim_linked
    union all select * from claim_base
    union all select * from claim_sentence
    union all select * from structural
    union all select * from by_project
    union all select * from by_value
)

select
    regions.disclosure_id,
    regions.check_id,
    regions.side,
    row_number() over (
        partition by regions.disclosure_id, regions.check_id
        order by regions.side, regions.page_number, regions.y0, regions.x0
    ) as region_no,
    regions.located_by,
    regions.page_disclosure_id,
    regions.page_number,
    regions.x0,
    regions.y0,
    regions.x1,
    regions.y1,
    regions.printed
from regions
where regions.x0 is not null
