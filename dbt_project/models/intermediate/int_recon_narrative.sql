{#- The narrative checks as reconciliation rows: N:<claim>:amount / :share / :completion / :growth / :zero_base. Percentages are
    compared to the precision they are printed with. -#}
with checks as (
    select * from {{ ref('int_narrative_checks') }}
),

amounts as (
    select
        disclosure_id,
        'N:' || claim_no || ':amount' as check_id,
        claim_no, 'amount' as rule_id,
        '情况说明 p.' || page_number || ' ' || subject_text || ' ' || amount_printed || unit
        || ' = ' || coalesce(table_title || ' ' || table_row_label || ' ' || table_column_path, 'its table cell') as description,
        stated_amount_yuan as lhs_yuan,
        table_amount_yuan as rhs_yuan,
        amount_precision_yuan as tolerance_yuan,
        coalesce(link_table_code, '') as tables_involved,
        {{ page_list('page_number') }} as pages_involved,
        -- a weak link confirms (pass) or says nothing: never a failure
        link_table_seq is not null and is_link_held as applicable,
        'yuan' as value_unit
    from checks
    group by all
),

percentages as (
    select
        disclosure_id,
        'N:' || claim_no || ':' || percent_kind as check_id,
        claim_no, percent_kind as rule_id,
        '情况说明 p.' || page_number || ' ' || subject_text || case percent_kind
            when 'share'
                then ' 占 ' || percent_printed || '% = amount ÷ its total'
                    || case when share_fits_total is not null and abs(computed - stated_percent) > percent_precision
                            then ' (the printed share is the amount over ' || share_fits_total || ', another total)'
                        else ''
                    end
            when 'completion' then ' 完成年初预算的 ' || percent_printed || '% = 决算 ÷ 年初预算'
            else ' ' || coalesce(direction, '') || ' ' || percent_printed
                || '% = change ÷ ' || coalesce(comparison_base, 'prior year')
                || case when abs(growth_on_this_year - stated_percent) <= percent_precision
                        and abs(computed - stated_percent) > percent_precision
                        then ' (the printed rate is the change over this year''s amount: the wrong base)'
                    else ''
                end
        end || coalesce(' — ' || subject_note, '') as description,
        stated_percent as lhs_yuan,
        computed as rhs_yuan,
        -- the printed rate's last digit, and what the rounding of the amounts it is computed from can move it by
        percent_precision + coalesce(rate_rounding, 0) as tolerance_yuan,
        coalesce(link_table_code, '') as tables_involved,
        cast(page_number as varchar) as pages_involved,
        -- a share over a guessed total (weak) fails only where no printed total makes it hold
        computed is not null
        and (
            percent_kind <> 'share' or share_base_strength = 'strong' or share_fits_total is null
            or abs(computed - stated_percent) <= percent_precision
        )
        -- a subject in doubt confirms or says nothing
        and (subject_note is null or abs(computed - stated_percent) <= percent_precision + coalesce(rate_rounding, 0))
            as applicable,
        'percent' as value_unit
    from (
        select
            *,
            case percent_kind
                when 'share' then computed_share
                when 'completion' then computed_completion
                when 'growth' then computed_growth
            end as computed
        from checks
    ) as percent_checks
    where percent_kind is not null
),

zero_bases as (
    -- a rate over nothing is undefined: its own finding, not a wrong figure (a printed 0% is left alone)
    select
        disclosure_id,
        'N:' || claim_no || ':zero_base' as check_id,
        claim_no, 'zero_base' as rule_id,
        '情况说明 p.' || page_number || ' ' || subject_text || ' ' || percent_printed || '%: ' || case percent_kind
            when 'growth' then 'new this year: a growth rate is printed over a prior year of 0'
            else 'a completion rate is printed over a 年初预算 of 0'
        end as description,
        stated_percent as lhs_yuan,
        null as rhs_yuan,
        0 as tolerance_yuan,
        coalesce(link_table_code, '') as tables_involved,
        cast(page_number as varchar) as pages_involved,
        subject_note is null as applicable,
        'percent' as value_unit
    from checks
    where stated_percent <> 0 and (
            (percent_kind = 'growth' and implied_prior_year_yuan = 0)
            or (percent_kind = 'completion' and share_total_yuan = 0)
        )
)

select {{ recon_columns('narrative', applicable='applicable', value_unit='value_unit', rule_id='rule_id', claim_no='claim_no') }}
from (
    select * from amounts
    union all select * from percentages
    union all select * from zero_bases
) as checks
