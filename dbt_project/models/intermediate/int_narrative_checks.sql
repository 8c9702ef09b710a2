{#- The narrative's claims against the tables: the amount equals its cell (or the sum of its cells);
    a cell reached by a weak link (link_strength) may confirm a claim but is never held against it;
    a share equals the amount over the total it is a share of; a completion rate the amount over the
    年初预算 stated beside it; a growth rate equals the change over the prior year's amount
    (this year's amount less an increase, plus a decrease). Where a growth rate instead matches the
    change over this year's amount, the finding says so.
    Kept by disclosure: three models read it, and a claim's cells are its own file's or a file of its set,
    which an incremental build rebuilds together. -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

with claims as (
    select * from {{ changed(ref('int_narrative_claims'), 'int_narrative_claims') }}
),

cells as (
    select * from {{ changed(ref('int_table_cells'), 'int_table_cells') }}
),

linked_cells as (
    select
        claims.disclosure_id,
        claims.claim_no,
        sum(cells.amount_yuan) as table_amount_yuan,
        string_agg(cells.printed_value, ' + ' order by cells.row_number) as table_printed_value,
        min(cells.page_number) as table_page,
        any_value(cells.table_title) as table_title,
        string_agg(cells.row_label, ' + ' order by cells.row_number) as table_row_label,
        any_value(cells.column_path) as table_column_path,
        sum(cells.rounding_unit_yuan) as table_rounding_yuan
    from claims
    inner join cells
        on claims.tables_disclosure_id = cells.disclosure_id
            and claims.link_table_seq = cells.table_seq
            and claims.link_column_index = cells.column_index
            and list_contains(string_split(claims.link_rows, '+'), cast(cells.row_number as varchar))
    group by all
),

linked as (
    select
        claims.*,
        linked_cells.* exclude (disclosure_id, claim_no),
        -- a link held against the claim: a strong one, or a weak one whose cell confirms the stated figure
        -- (a blank cell is a stated 0)
        coalesce(
            claims.link_strength = 'strong'
            or abs(coalesce(linked_cells.table_amount_yuan, 0) - claims.stated_amount_yuan) <= claims.amount_precision_yuan,
            false
        ) as is_link_held,
        case when is_link_held then linked_cells.table_amount_yuan end as held_amount_yuan,
        -- a weak link whose cell disagrees with the stated figure: set aside, the claim left unlinked
        claims.link_table_seq is not null and not is_link_held and claims.stated_amount_yuan is not null
            as is_link_set_aside
    from claims
    left join linked_cells
        on claims.disclosure_id = linked_cells.disclosure_id
            and claims.claim_no = linked_cells.claim_no
),

computed as (
    select
        linked.*,
        coalesce(base.held_amount_yuan, base.stated_amount_yuan, base_cell.amount_yuan) as share_total_yuan,
        -- one unit of the last digit of the figures a rate is computed from: a cell's where a cell is held
        case when linked.held_amount_yuan is not null then linked.table_rounding_yuan else linked.amount_precision_yuan end
            as used_amount_precision_yuan,
        case
            when base.held_amount_yuan is not null then base.table_rounding_yuan
            when base.stated_amount_yuan is not null then base.amount_precision_yuan
            else base_cell.rounding_unit_yuan
        end as share_total_precision_yuan,
        coalesce(linked.stated_prior_yuan, case linked.direction
            when '增加' then linked.stated_amount_yuan - linked.stated_change_yuan
            when '减少' then linked.stated_amount_yuan + linked.stated_change_yuan
            when '持平' then linked.stated_amount_yuan
        end) as implied_prior_year_yuan
    from linked
    left join linked as base
        on linked.disclosure_id = base.disclosure_id and linked.share_base_claim_no = base.claim_no
    left join cells as base_cell
        on linked.tables_disclosure_id = base_cell.disclosure_id
            and linked.share_base_table_seq = base_cell.table_seq
            and linked.share_base_row_number = base_cell.row_number
            and linked.share_base_column_index = base_cell.column_index
),

totals as (
    -- the totals a share could have been computed over: total rows, and 合计/小计 columns
    select *
    from cells
    where amount_yuan is not null and amount_yuan <> 0
        and (row_role = 'total' or regexp_matches(column_path, '(^|/)(合计|小计)$'))
),

other_totals as (
    -- for a share that does not hold: a printed total it does hold over, to name in the finding
    select
        computed.disclosure_id,
        computed.claim_no,
        arg_min(
            totals.table_title || ' ' || coalesce(nullif(totals.row_label, '') || ' ', '') || totals.column_path
            || ' (' || totals.printed_value || ')',
            totals.table_seq * 1000000 + totals.row_number * 1000 + coalesce(totals.column_index, 0)
        ) as share_fits_total
    from computed
    inner join totals on computed.tables_disclosure_id = totals.disclosure_id
    where computed.percent_kind = 'share'
        and totals.amount_yuan <> coalesce(computed.share_total_yuan, 0)
        and abs(
            100 * coalesce(computed.held_amount_yuan, computed.stated_amount_yuan) / totals.amount_yuan
            - computed.stated_percent
        ) <= computed.percent_precision / 2
    group by all
)

select
    computed.*,
    other_totals.share_fits_total,
    case when percent_kind = 'share' and share_total_yuan <> 0
            then cast(100 * coalesce(held_amount_yuan, stated_amount_yuan) / share_total_yuan as decimal(12, 4))
    end as computed_share,
    case when percent_kind = 'completion' and share_total_yuan <> 0
            then cast(100 * coalesce(held_amount_yuan, stated_amount_yuan) / share_total_yuan as decimal(12, 4))
    end as computed_completion,
    -- the change as stated; or, where the sentence states the prior year's figure instead, the difference
    -- in the direction stated, so that 增加 against a lower figure comes out negative and fails
    case when percent_kind = 'growth' and implied_prior_year_yuan <> 0
            then cast(100 * coalesce(
                    stated_change_yuan,
                    (stated_amount_yuan - implied_prior_year_yuan) * case direction when '减少' then -1 else 1 end
                ) / implied_prior_year_yuan as decimal(12, 4))
    end as computed_growth,
    case when percent_kind = 'growth' and stated_amount_yuan <> 0
            then cast(
                    100 * coalesce(stated_change_yuan, abs(stated_amount_yuan - implied_prior_year_yuan))
                    / stated_amount_yuan as decimal(12, 4)
                )
    end as growth_on_this_year,
    -- how far the rate can move with the rounding of the printed amounts it is computed from (half a unit of
    -- each figure's last digit): a rate computed from unrounded amounts may differ from one computed from
    -- the printed ones by this much, and is no finding
    cast(case
        when percent_kind = 'growth' and implied_prior_year_yuan <> 0
            then 100 * (
                    change_precision_yuan / 2 / abs(implied_prior_year_yuan)
                    + abs(coalesce(stated_change_yuan, stated_amount_yuan - implied_prior_year_yuan))
                    * (amount_precision_yuan + change_precision_yuan) / 2 / (implied_prior_year_yuan * implied_prior_year_yuan)
                )
        when percent_kind in ('share', 'completion') and share_total_yuan <> 0
            then 100 * (
                    used_amount_precision_yuan / 2 / abs(share_total_yuan)
                    + abs(coalesce(held_amount_yuan, stated_amount_yuan)) * share_total_precision_yuan / 2
                    / (share_total_yuan * share_total_yuan)
                )
    end as decimal(12, 4)) as rate_rounding
from computed
left join other_totals
    on computed.disclosure_id = other_totals.disclosure_id and computed.claim_no = other_totals.claim_no
