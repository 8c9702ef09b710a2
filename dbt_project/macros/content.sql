{#- The columns of a content check, as fct_reconciliation holds every check: no amounts compared unless the
    rule is about figures, the status decided by the rule, and the text or cell that decided it. -#}
{% macro content_columns(family, status, description, evidence, pages, tables="null", value_unit="'text'",
                         lhs="null", rhs="null", tolerance="0", rule_id="rule_id", table_code="null", table_seq="null",
                         row_number="null", column_index="null", subject_code="null", claim_no="null") -%}
    disclosure_id,
    check_id,
    '{{ family }}' as check_family,
    {{ check_parts(rule_id, table_code, table_seq, row_number, column_index, subject_code, claim_no) }},
    {{ description }} as description,
    cast({{ lhs }} as decimal(20, 2)) as lhs_yuan,
    cast({{ rhs }} as decimal(20, 2)) as rhs_yuan,
    cast(coalesce({{ lhs }}, 0) - coalesce({{ rhs }}, 0) as decimal(20, 2)) as difference_yuan,
    cast({{ tolerance }} as decimal(20, 2)) as tolerance_yuan,
    {{ value_unit }} as value_unit,
    {{ status }} as status,
    cast({{ tables }} as varchar) as tables_involved,
    cast({{ pages }} as varchar) as pages_involved,
    cast({{ evidence }} as varchar) as evidence
{%- endmacro %}

{#- The rows of a model of figure rules: its `checks` (check_id, status, description, evidence, pages, tables, lhs,
    rhs, tolerance) as content checks, each not applicable where its catalogue rule does not apply to the
    disclosure's kind and scope. The model names its rules `rules` and its disclosures `disclosures`. -#}
{% macro figure_rule_rows() -%}
select {{ content_columns(
    'figures',
    "case when not " ~ rule_applies('rules', 'disclosures') ~ " then 'not_applicable' else checks.status end",
    'checks.description', 'checks.evidence', 'checks.pages', tables='checks.tables', value_unit="'yuan'",
    lhs='checks.lhs', rhs='checks.rhs', tolerance='coalesce(checks.tolerance, 0)', rule_id='checks.rule_id',
    table_code='checks.table_code', table_seq='checks.table_seq', row_number='checks.row_number',
    column_index='checks.column_index', claim_no='checks.claim_no', subject_code='checks.subject_code'
) }}
from checks
inner join disclosures using (disclosure_id)
inner join rules on rules.rule_id = checks.rule_id
{%- endmacro %}

{#- The printed words around a match of pattern in text: what a reader looks for on the page. -#}
{% macro quote_match(text, pattern, before=16, after=24) -%}
    nullif(regexp_extract({{ text }}, '.{0,{{ before }}}(' || {{ pattern }} || ').{0,{{ after }}}'), '')
{%- endmacro %}

{#- Whether a rule applies to a disclosure of this report kind and scope (the catalogue's space-separated lists). -#}
{% macro rule_applies(rule, disclosure) -%}
    (list_contains(string_split({{ rule }}.report_kinds, ' '), {{ disclosure }}.report_kind)
        and list_contains(string_split({{ rule }}.scopes, ' '), coalesce({{ disclosure }}.scope, 'department')))
{%- endmacro %}
