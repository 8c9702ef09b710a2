with source as (
    select * from {{ source('raw', 'narrative_claims') }}
),

renamed as (
    select
        disclosure_id,
        claim_no,
        page_number,
        section,
        sentence,
        figure_x0,
        figure_y0,
        figure_x1,
        figure_y1,
        sentence_x0,
        sentence_y0,
        sentence_x1,
        sentence_y1,
        subject_text,
        amount as amount_printed,
        unit,
        change as change_printed,
        direction,
        percent as percent_printed,
        percent_kind,
        base as comparison_base,
        prior as prior_printed,
        budget_figure as is_budget_figure,
        scope,
        named_fund,
        subject_note,
        {{ claim_link_columns() }},
        cast(replace(amount, ',', '') as decimal(20, 4))
        * {{ unit_factor('unit') }} as stated_amount_yuan,
        cast(replace(change, ',', '') as decimal(20, 4))
        * coalesce({{ unit_factor('unit') }}, 1) as stated_change_yuan,
        cast(replace (prior, ',', '') as decimal(20, 4))
        * {{ unit_factor('unit') }} as stated_prior_yuan,
        cast(percent as decimal(12, 4)) as stated_percent,
        -- one unit of the last digit printed, the precision the narrative claims
        cast(power(10, -coalesce(length(split_part(amount, '.', 2)), 0)) as decimal(20, 4))
        * coalesce({{ unit_factor('unit') }}, 1) as amount_precision_yuan,  -- a count's own unit
        -- the precision of the change (or of the prior year's figure where that is stated instead)
        cast(power(10, -coalesce(length(split_part(coalesce (change, prior), '.', 2)), 0)) as decimal(20, 4))
        * coalesce({{ unit_factor('unit') }}, 1) as change_precision_yuan,
        cast(power(10, -coalesce(length(split_part(percent, '.', 2)), 0)) as decimal(12, 4)) as percent_precision
    from source
)

select * from renamed
