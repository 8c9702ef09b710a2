{#- One row per project with its four fund figures side by side. -#}
with funds as (
    select * from {{ ref('stg_raw__p01_project_funds') }}
)

select
    disclosure_id,
    table_seq,
    project_no,
    max(case when fund = 'total' then amount_yuan end) as total_funds_yuan,
    max(case when fund = 'fiscal' then amount_yuan end) as fiscal_funds_yuan,
    max(case when fund = 'carryover' then amount_yuan end) as carryover_funds_yuan,
    max(case when fund = 'other' then amount_yuan end) as other_funds_yuan,
    -- a transfer payment's form: the 中央 and the 市级 (省级 …) parts of its 年度金额
    max(case when fund = 'central' then amount_yuan end) as central_funds_yuan,
    max(case when fund = 'local' then amount_yuan end) as local_funds_yuan,
    max(case when fund = 'total' then printed_value end) as total_funds_printed,
    -- parts printed blank: 0 by the lists' convention, or a figure cut off at a page break
    count(*) filter (where fund <> 'total' and coalesce(trim(printed_value), '') = '') as parts_blank,
    max(rounding_unit_yuan) as rounding_unit_yuan,
    min(page_number) as page_number
from funds
group by disclosure_id, table_seq, project_no
