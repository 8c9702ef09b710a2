{#- The narrative checks as reconciliation rows: N:<claim>:amount / :share / :completion / :growth. Percentages are
    compared to the precision they are printed with. -#}
with checks as (
    select * from {{ ref('int_narrative_checks') }}
),

amounts as (
    select
        disclosure_id,
        'N:' || claim_no || ':amount' as check_id,
        '情况说明 p.' || page_number || ' ' || subject_text || ' ' || amount_printed || unit
            || ' = ' || coalesce(table_title || ' ' || table_row_label || ' ' || table_column_path, 'its table cell') as description,
        stated_amount_yuan as lhs_yuan,
        table_amount_yuan as rhs_yuan,
        amount_precision_yuan as tolerance_yuan,
        coalesce(link_table_code, '') as tables_involved,
        {{ page_list('page_number') }} as pages_involved,
        link_table_seq is not null as applicable,
        'yuan' as value_unit
    from checks
    group by all
),

shares as (
    select
        disclosure_id,
        'N:' || claim_no || ':share' as check_id,
        '情况说明 p.' || page_number || ' ' || subject_text || ' 占 ' || percent_printed || '% = amount ÷ its total'
            || case when share_fits_total is not null and abs(computed_share - stated_percent) > percent_precision
                then ' (the printed share is the amount over ' || share_fits_total || ', another total)' else '' end as description,
        stated_percent as lhs_yuan,
        computed_share as rhs_yuan,
        percent_precision as tolerance_yuan,
        coalesce(link_table_code, '') as tables_involved,
        cast(page_number as varchar) as pages_involved,
        computed_share is not null as applicable,
        'percent' as value_unit
    from checks
    where percent_kind = 'share'
),

completion as (
    select
        disclosure_id,
        'N:' || claim_no || ':completion' as check_id,
        '情况说明 p.' || page_number || ' ' || subject_text || ' 完成年初预算的 ' || percent_printed
            || '% = 决算 ÷ 年初预算' as description,
        stated_percent as lhs_yuan,
        computed_completion as rhs_yuan,
        percent_precision as tolerance_yuan,
        coalesce(link_table_code, '') as tables_involved,
        cast(page_number as varchar) as pages_involved,
        computed_completion is not null as applicable,
        'percent' as value_unit
    from checks
    where percent_kind = 'completion'
),

growth as (
    select
        disclosure_id,
        'N:' || claim_no || ':growth' as check_id,
        '情况说明 p.' || page_number || ' ' || subject_text || ' ' || direction || ' ' || percent_printed
            || '% = change ÷ ' || coalesce(comparison_base, 'prior year')
            || case when abs(growth_on_this_year - stated_percent) <= percent_precision
                    and abs(computed_growth - stated_percent) > percent_precision
                then ' (the printed rate is the change over this year''s amount: the wrong base)' else '' end as description,
        stated_percent as lhs_yuan,
        computed_growth as rhs_yuan,
        percent_precision as tolerance_yuan,
        coalesce(link_table_code, '') as tables_involved,
        cast(page_number as varchar) as pages_involved,
        computed_growth is not null as applicable,
        'percent' as value_unit
    from checks
    where percent_kind = 'growth'
)

select {{ recon_columns('narrative', applicable='applicable', value_unit='value_unit') }}
from (
    select * from amounts
    union all select * from shares
    union all select * from completion
    union all select * from growth
)
