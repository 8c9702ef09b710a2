{#- A prior-year amount implied by a narrative held against the prior year's own disclosure of the same
    unit, where it is loaded: the budget the earlier document printed for the subject. -#}
with by_year as (
    select * from {{ ref('fct_subject_by_year') }}
),

implied as (
    select * from by_year where source = 'narrative'
),

printed as (
    select * from by_year where source = 'table' and basis = 'budget'
)

select {{ recon_columns('across_years', applicable='same_subject', rule_id="'prior_year_budget'", subject_code='subject_code') }}
from (
    select
        implied.disclosure_id,
        'Y:' || implied.subject_code || ':' || implied.fund_scope || ':' || implied.measure || ':p' || implied.page_number as check_id,
        implied.subject_code,
        implied.unit_key || ' ' || implied.fiscal_year || ' ' || implied.subject_code || ' as implied by the '
        || (implied.fiscal_year + 1) || ' narrative (' || implied.basis || ') = the ' || implied.fiscal_year
        || ' disclosure''s budget'
        || case when implied.subject_name <> printed.subject_name
                then ' (not comparable: the code was ' || printed.subject_name || ' then, ' || implied.subject_name || ' now)'
            else ''
        end as description,
        implied.subject_name = printed.subject_name as same_subject,
        implied.amount_yuan as lhs_yuan,
        printed.amount_yuan as rhs_yuan,
        cast(100 as decimal(20, 2)) as tolerance_yuan,
        implied.table_code as tables_involved,
        implied.page_number || ',' || printed.page_number as pages_involved
    from implied
    inner join printed
        on implied.unit_key = printed.unit_key
            and implied.fiscal_year = printed.fiscal_year
            and implied.subject_code = printed.subject_code
            and implied.fund_scope = printed.fund_scope
            and implied.measure = printed.measure
            and implied.table_code = printed.table_code
) as checks
