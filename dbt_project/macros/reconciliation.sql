{#- pass when both sides agree within the tolerance; a side with no printed figure counts as zero
    unless both are blank, which leaves nothing to check. -#}
{% macro recon_status(lhs, rhs, tolerance) -%}
    case
        when {{ lhs }} is null and {{ rhs }} is null then 'not_applicable'
        when abs(coalesce({{ lhs }}, 0) - coalesce({{ rhs }}, 0)) <= {{ tolerance }} then 'pass'
        else 'fail'
    end
{%- endmacro %}

{#- The common column list of every reconciliation model; `applicable` is false where a check's
    inputs are not all published (its status is then not_applicable). What a check is about is given where
    the check is made, as columns (never parsed back out of its id): the rule, the table and cell, the
    subject, the narrative claim, the project; null where a check has no such part. -#}
{% macro recon_columns(check_family, applicable='true', value_unit="'yuan'", comparison="'='", rule_id='null',
    table_code='null', table_seq='null', row_number='null', column_index='null', subject_code='null',
    claim_no='null', project_no='null') -%}
    disclosure_id,
    check_id,
    '{{ check_family }}' as check_family,
    {{ check_parts(rule_id, table_code, table_seq, row_number, column_index, subject_code, claim_no, project_no) }},
    description,
    cast(lhs_yuan as decimal(20, 2)) as lhs_yuan,
    cast(rhs_yuan as decimal(20, 2)) as rhs_yuan,
    cast(coalesce(lhs_yuan, 0) - coalesce(rhs_yuan, 0) as decimal(20, 2)) as difference_yuan,
    cast(tolerance_yuan as decimal(20, 2)) as tolerance_yuan,
    {{ value_unit }} as value_unit,
    case
        when not ({{ applicable }}) then 'not_applicable'
        when {{ comparison }} = '<=' and lhs_yuan is not null and rhs_yuan is not null
            then case when lhs_yuan <= rhs_yuan + tolerance_yuan then 'pass' else 'fail' end
        else {{ recon_status('lhs_yuan', 'rhs_yuan', 'tolerance_yuan') }}
    end as status,
    tables_involved,
    pages_involved
{%- endmacro %}

{#- What a check is about, typed: each argument an expression (null where the check has no such part). -#}
{% macro check_parts(rule_id='null', table_code='null', table_seq='null', row_number='null', column_index='null',
    subject_code='null', claim_no='null', project_no='null') -%}
    cast({{ rule_id }} as varchar) as rule_id,
    cast({{ table_code }} as varchar) as table_code,
    cast({{ table_seq }} as integer) as table_seq,
    cast({{ row_number }} as integer) as row_number,
    cast({{ column_index }} as integer) as column_index,
    cast({{ subject_code }} as varchar) as subject_code,
    cast({{ claim_no }} as integer) as claim_no,
    cast({{ project_no }} as integer) as project_no
{%- endmacro %}

{#- Distinct page numbers in ascending order, comma-separated. -#}
{% macro page_list(expr) -%}
    array_to_string(list_sort(list_distinct(list({{ expr }}))), ',')
{%- endmacro %}

{#- The sides of a "parent = sum of its children" check, grouped by the parent: its amount, the
    children's sum, the coarser rounding of the two, and the pages of each. -#}
{% macro parent_child_sums(parent, child) -%}
    any_value({{ parent }}.amount_yuan) as lhs_yuan,
    sum({{ child }}.amount_yuan) as rhs_yuan,
    greatest(any_value({{ parent }}.rounding_unit_yuan), max({{ child }}.rounding_unit_yuan)) as tolerance_yuan,
    {{ parent }}.table_code as tables_involved,
    {{ parent }}.table_seq as table_seq,
    {{ page_list(child ~ '.page_number') }} as child_pages,
    any_value({{ parent }}.page_number) as parent_page
{%- endmacro %}

{#- A column of this year's figures: not another year's (2025年预算数 in a 2026 budget), not 上年, and not a
    change (增减, 比上年). -#}
{% macro is_current_column(path, fiscal_year) -%}
    not (
        (regexp_matches({{ path }}, '(19|20)[0-9]{2}年') and not contains({{ path }}, cast({{ fiscal_year }} as varchar) || '年'))
        or regexp_matches({{ path }}, '{{ var("other_period_column") }}')
    )
{%- endmacro %}

{#- A project's place in a list of projects, in a check id: nothing for a project's own form (the only one). -#}
{% macro project_suffix(project_no) -%}
    case when {{ project_no }} > 1 then '.' || {{ project_no }} else '' end
{%- endmacro %}

{#- Two rows about the same cell: one disclosure, table, row and column. -#}
{% macro same_cell(left, right) -%}
    {{ left }}.disclosure_id = {{ right }}.disclosure_id
    and {{ left }}.table_seq = {{ right }}.table_seq
    and {{ left }}.row_number = {{ right }}.row_number
    and {{ left }}.column_index = {{ right }}.column_index
{%- endmacro %}

{#- A region of fct_check_region printed by a row of rel: the disclosure and page it is on, its box (columns
    prefix x0 … prefix y1) and what it prints. -#}
{% macro region_of(rel, printed=none, prefix='') -%}
    {{ rel }}.disclosure_id as page_disclosure_id, {{ rel }}.page_number,
    {{ rel }}.{{ prefix }}x0 as x0, {{ rel }}.{{ prefix }}y0 as y0, {{ rel }}.{{ prefix }}x1 as x1, {{ rel }}.{{ prefix }}y1 as y1,
    {{ printed or rel ~ '.printed_value' }} as printed
{%- endmacro %}

{#- A project as a check names it: its 项目名称, or its place in the list where no page prints the name. -#}
{% macro project_label(projects='projects') -%}
    coalesce({{ projects }}.project_name, '#' || {{ projects }}.project_no || ' (its name is printed on no page)')
{%- endmacro %}
