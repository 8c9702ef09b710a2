{#- Template residue and wording (family wording): one check per rule and disclosure, failing with every
    match quoted and its page. Placeholders are searched on every page as printed (a table's XX单位 counts);
    the other rules on the narrative pages without white space, after dot leaders are removed. -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

with rules as (
    select * from {{ ref('content_rules') }}
    where rule_id in ('placeholder', 'change_wording', 'total_zero', 'percent_decimals', 'punctuation')
),

terms as (
    select * from {{ ref('content_terms') }}
),

leaders as (
    select string_agg(pattern, '|' order by pattern) as pattern from terms where rule_id = 'punctuation' and role = 'leader'
),

pages as (
    select
        pages.*,
        case
            when rules.rule_id = 'placeholder' then pages.text
            -- doubled words within a printed line only: a cover's 部门预算 above 预算主管部门 is no doubling
            when rules.rule_id = 'punctuation' then regexp_replace(regexp_replace(pages.text, '[ \t　]+', '', 'g'), leaders.pattern, '', 'g')
            else regexp_replace(pages.flat_text, leaders.pattern, '', 'g')
        end as searched,
        rules.rule_id
    from {{ changed(ref('int_content_pages')) }} as pages
    cross join rules
    cross join leaders
    where rules.rule_id = 'placeholder' or pages.page_role = 'narrative'
),

matches as (
    select
        pages.disclosure_id,
        pages.rule_id,
        pages.page_number,
        unnest(regexp_extract_all(pages.searched, '.{0,12}(' || terms.pattern || ').{0,12}')) as quoted
    from pages
    inner join terms on pages.rule_id = terms.rule_id and terms.role <> 'leader'
    where regexp_matches(pages.searched, terms.pattern)
),

found as (
    select
        disclosure_id,
        rule_id,
        count(*) as n,
        {{ page_list('page_number') }} as pages,
        string_agg(distinct replace(quoted, chr(10), ' '), ' | ' order by replace(quoted, chr(10), ' ')) as quoted
    from matches
    group by all
),

disclosures as (
    select disclosures.*
    from {{ changed(ref('stg_raw__disclosures')) }} as disclosures
    where disclosures.disclosure_id in (select disclosure_id from {{ changed(ref('int_content_pages'), 'int_content_pages') }})
),

judged as (
    select
        disclosures.disclosure_id,
        'C:' || rules.rule_id as check_id,
        rules.rule_id,
        rules.requirement || coalesce(': ' || found.n || ' place(s)', '') as description,
        case
            when not {{ rule_applies('rules', 'disclosures') }} then 'not_applicable'
            when found.n is null then 'pass'
            else 'fail'
        end as status,
        left(found.quoted, 400) as evidence,
        found.pages
    from disclosures
    cross join rules
    left join found on disclosures.disclosure_id = found.disclosure_id and rules.rule_id = found.rule_id
)

select {{ content_columns('wording', 'status', 'description', 'evidence', 'pages') }}
from judged
