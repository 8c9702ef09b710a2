{#- A stated change gives its reason (family reason), and final accounts' 大于 / 小于 / 持平 wording agrees with
    the completion rate beside it (family wording). A change is read from the narrative's claims (增加 / 减少
    with an amount; 持平 and a change of 0 need no reason); its reason is a reason word (content_terms) in its
    own sentence or the next. Which changes need one: the “三公” funds and their items (by the table the claim
    links to, else its words), the totals and each 类; a 款 / 项 or finer line only from a change of 10%. A
    claim whose sentence is not found in its page's text is unsure. A reason may also be stated for the
    whole passage (after the items of a 其中, or in a closing 主要原因说明): a reason word anywhere up to the
    next top-level heading (一、 / 第二部分), over this page and the next, confirms; only a passage that gives no
    reason at all is a finding. -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

with claims as (
    select claims.*, disclosures.report_kind, disclosures.scope
    from {{ changed(ref('stg_raw__narrative_claims')) }} as claims
    inner join {{ changed(ref('stg_raw__disclosures')) }} as disclosures using (disclosure_id)
),

rules as (
    select * from {{ ref('content_rules') }}
),

reason_words as (
    select rule_id, string_agg(pattern, '|' order by pattern) as pattern
    from {{ ref('content_terms') }}
    where role = 'reason'
    group by rule_id
),

comparison_words as (
    select role, string_agg(pattern, '|' order by pattern) as pattern
    from {{ ref('content_terms') }}
    where rule_id = 'budget_final_wording'
    group by role
),

placed as (
    -- each claim's sentence in the text of its page and the next
    select
        claims.*,
        pages.flat_text || coalesce(next_page.flat_text, '') as flat_text,
        -- full- and half-width brackets, colons and commas compared alike, one character for one
        strpos(
            translate(pages.flat_text, '（）：；，', '():;,'),
            translate(regexp_replace(claims.sentence, '\s+', '', 'g'), '（）：；，', '():;,')
        ) as position
    from claims
    inner join {{ changed(ref('stg_raw__page_texts')) }} as pages using (disclosure_id, page_number)
    left join {{ changed(ref('stg_raw__page_texts')) }} as next_page
        on claims.disclosure_id = next_page.disclosure_id and next_page.page_number = claims.page_number + 1
),

windows as (
    select
        placed.*,
        regexp_extract(substr(flat_text, greatest(position, 1)), '^[^。]*。?') as own_sentence,
        -- the next sentence, unless a top-level heading starts another passage first
        regexp_replace(
            regexp_extract(substr(flat_text, greatest(position, 1)), '^[^。]*。?([^。]*。?)', 1),
            '([一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分).*$', ''
        ) as next_sentence,
        coalesce(
            nullif(regexp_extract(
                substr(flat_text, greatest(position, 1)), '^(.{2}.*?)([一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)', 1
            ), ''),
            substr(flat_text, greatest(position, 1), 1500)
        ) as passage
    from placed
),

changes as (
    select
        windows.*,
        case
            when link_table_code = 'T09' or regexp_matches(subject_text, '三公|因公出国|公务用车|公务接待') then 'reason_three_public'
            when regexp_matches(subject_text, '（款）|（项）|\(款\)|\(项\)') or length(link_subject_code) >= 5 then 'reason_large_change'
            when regexp_matches(subject_text, '（类）|\(类\)') or length(link_subject_code) = 3 then 'reason_change'
            -- the totals: 收入总计, 收支总体, or the department's (unit's) own 收入 / 支出
            when regexp_matches(
                    subject_text, '(收入|支出|收支)(预算|决算)?(总计|合计|总额|总体)|(^|部门|单位)(预算|决算)?(收入|支出|收支)(预算|决算)?$'
                ) then 'reason_change'
        end as rule_id,
        coalesce(
            stated_percent,
            100 * stated_change_yuan / nullif(coalesce(
                stated_prior_yuan,
                case direction when '增加' then stated_amount_yuan - stated_change_yuan else stated_amount_yuan + stated_change_yuan end
            ), 0)
        ) as change_percent
    from windows
    where direction in ('增加', '减少') and coalesce(stated_change_yuan, 1) <> 0
),

reason_checks as (
    select
        changes.disclosure_id,
        'C:' || changes.rule_id || ':' || min(changes.claim_no) as check_id,
        changes.rule_id,
        min(changes.claim_no) as claim_no,
        any_value(rules.requirement) || ': ' || changes.subject_text || ' ' || any_value(changes.direction)
        || coalesce(' ' || any_value(changes.change_printed) || ' ' || coalesce(any_value(changes.unit), ''), '') as description,
        case
            when not bool_and({{ rule_applies('rules', 'changes') }}) then 'not_applicable'
            when max(changes.position) = 0 then 'unsure'
            when bool_or(regexp_matches(changes.own_sentence || changes.next_sentence || changes.passage, reason_words.pattern)) then 'pass'
            else 'fail'
        end as status,
        cast(changes.page_number as varchar) as pages,
        case when max(changes.position) > 0 then coalesce(
                    any_value({{ quote_match('changes.own_sentence || changes.next_sentence', 'reason_words.pattern', 8, 30) }}),
                    any_value('in its passage: ' || {{ quote_match('changes.passage', 'reason_words.pattern', 8, 30) }}),
                    left(any_value(changes.own_sentence || changes.next_sentence), 200)
                )
        end as evidence
    from changes
    inner join rules using (rule_id)
    inner join reason_words using (rule_id)
    where changes.rule_id <> 'reason_large_change' or abs(changes.change_percent) >= 10
    group by changes.disclosure_id, changes.page_number, changes.sentence, changes.subject_text, changes.rule_id
),

completions as (
    -- a completion rate and the comparison words of its sentence (or of the next, where that states no rate)
    select
        windows.*,
        case when regexp_matches(next_sentence, '[%％]') then own_sentence else own_sentence || next_sentence end as judged_text
    from windows
    where percent_kind = 'completion' and report_kind = 'final_accounts' and position > 0
),

wording_checks as (
    select
        completions.disclosure_id,
        'C:budget_final_wording:' || completions.claim_no as check_id,
        'budget_final_wording' as rule_id,
        completions.claim_no,
        rules.requirement || ': ' || completions.subject_text || ' 完成 ' || completions.percent_printed || '%' as description,
        case
            when not {{ rule_applies('rules', 'completions') }} then 'not_applicable'
            when regexp_matches(judged_text, above.pattern) then case when completions.stated_percent > 100 then 'pass' else 'fail' end
            when regexp_matches(judged_text, below.pattern) then case when completions.stated_percent < 100 then 'pass' else 'fail' end
            when regexp_matches(judged_text, equal.pattern) then case when completions.stated_percent = 100 then 'pass' else 'fail' end
        end as status,
        cast(completions.page_number as varchar) as pages,
        {{ quote_match('judged_text', "above.pattern || '|' || below.pattern || '|' || equal.pattern", 30, 10) }} as evidence
    from completions
    inner join rules on rules.rule_id = 'budget_final_wording'
    cross join (select pattern from comparison_words where role = 'above') as above
    cross join (select pattern from comparison_words where role = 'below') as below
    cross join (select pattern from comparison_words where role = 'equal') as equal
    -- one rate in the text judged: with two, the words may speak of the other
    where len(regexp_extract_all(judged_text, '完成[^。；]{0,16}预算[^。；]{0,4}[0-9.]+[%％]')) = 1
)

select {{ content_columns('reason', 'status', 'description', 'evidence', 'pages', claim_no='claim_no') }}
from reason_checks
union all
select {{ content_columns('wording', 'status', 'description', 'evidence', 'pages', claim_no='claim_no') }}
from wording_checks
where status is not null
