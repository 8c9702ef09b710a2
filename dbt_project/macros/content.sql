{#- The columns of a content check, as fct_reconciliation holds every check: no amounts compared unless the
    rule is about figures, the status decided by the rule, and the text or cell that decided it. -#}
{% macro content_columns(family, status, description, evidence, pages, tables="null", value_unit="'text'",
                         lhs="null", rhs="null", tolerance="0") -%}
    disclosure_id,
    check_id,
    '{{ family }}' as check_family,
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

{#- The printed words around a match of pattern in text: what a reader looks for on the page. -#}
{% macro quote_match(text, pattern, before=16, after=24) -%}
    nullif(regexp_extract({{ text }}, '.{0,{{ before }}}(' || {{ pattern }} || ').{0,{{ after }}}'), '')
{%- endmacro %}

{#- Whether a rule applies to a disclosure of this report kind and scope (the catalogue's space-separated lists). -#}
{% macro rule_applies(rule, disclosure) -%}
    (list_contains(string_split({{ rule }}.report_kinds, ' '), {{ disclosure }}.report_kind)
        and list_contains(string_split({{ rule }}.scopes, ' '), coalesce({{ disclosure }}.scope, 'department')))
{%- endmacro %}
