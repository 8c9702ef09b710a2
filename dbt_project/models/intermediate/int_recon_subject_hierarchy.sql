{#- Coded tables: each 类 equals the sum of its 款 and each 款 the sum of its 项 (column by column),
    the 合计 row equals the sum of the top-level subjects, and a subject equals the sum of its unit rows.
    Kept by disclosure: its window and its search for a unit's parent would otherwise read every
    disclosure's rows in each incremental build. -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

with subject_rows as (
    select * from {{ changed(ref('int_subject_rows'), 'int_subject_rows') }}
),

cells as (
    select * from {{ changed(ref('int_table_cells'), 'int_table_cells') }}
    where table_code = 'T02' or table_code in {{ coded_tables('function', 'economic') }}
),

codes as (
    select distinct disclosure_id, table_seq, subject_code from subject_rows
),

child_length as (
    select parent.disclosure_id, parent.table_seq, parent.subject_code, min(length(child.subject_code)) as child_len
    from codes as parent
    inner join codes as child
        on parent.disclosure_id = child.disclosure_id
            and parent.table_seq = child.table_seq
            and starts_with(child.subject_code, parent.subject_code)
            and length(child.subject_code) > length(parent.subject_code)
    group by all
),

subject_sums as (
    select
        parent.disclosure_id,
        'H:' || parent.table_code || '#' || parent.table_seq || ':' || parent.subject_code || ':c' || parent.column_index as check_id,
        'subject_hierarchy' as rule_id, parent.subject_code, cast(null as integer) as row_number, parent.column_index,
        parent.table_code || ' ' || parent.table_title || ', column ' || parent.column_path || ': '
        || parent.subject_code || ' ' || parent.row_label || ' = sum of its '
        || case child_length.child_len when 5 then '款' when 7 then '项' else 'sub-items' end as description,
        {{ parent_child_sums('parent', 'child') }}
    from subject_rows as parent
    inner join child_length
        on parent.disclosure_id = child_length.disclosure_id
            and parent.table_seq = child_length.table_seq
            and parent.subject_code = child_length.subject_code
    inner join subject_rows as child
        on parent.disclosure_id = child.disclosure_id
            and parent.table_seq = child.table_seq
            and parent.column_index = child.column_index
            and starts_with(child.subject_code, parent.subject_code)
            and length(child.subject_code) = child_length.child_len
    group by
        parent.disclosure_id, parent.table_code, parent.table_seq, parent.table_title, parent.subject_code,
        parent.row_label, parent.column_index, parent.column_path, child_length.child_len
),

top_level as (
    select *
    from subject_rows
    qualify code_length = min(code_length) over (partition by disclosure_id, table_seq)
),

total_rows as (
    select * from cells where row_role = 'total'
),

total_sums as (
    select
        total_rows.disclosure_id,
        'H:' || total_rows.table_code || '#' || total_rows.table_seq || ':total:r' || total_rows.row_number
        || 'c' || total_rows.column_index as check_id,
        'total_of_subjects' as rule_id, cast(null as varchar) as subject_code, total_rows.row_number, total_rows.column_index,
        total_rows.table_code || ' ' || total_rows.table_title || ', column ' || total_rows.column_path || ': '
        || total_rows.row_label || ' = sum of the top-level subjects' as description,
        {{ parent_child_sums('total_rows', 'top_level') }}
    from total_rows
    inner join top_level
        on total_rows.disclosure_id = top_level.disclosure_id
            and total_rows.table_seq = top_level.table_seq
            and total_rows.column_index = top_level.column_index
    group by all
),

unit_breakdowns as (
    select
        subject.disclosure_id,
        'U:' || subject.table_code || '#' || subject.table_seq || ':' || subject.subject_code || ':c' || subject.column_index as check_id,
        'units_of_subject' as rule_id, subject.subject_code, cast(null as integer) as row_number, subject.column_index,
        subject.table_code || ' ' || subject.table_title || ', column ' || subject.column_path || ': '
        || subject.subject_code || ' ' || subject.row_label || ' = sum of its unit rows' as description,
        {{ parent_child_sums('subject', 'unit_row') }}
    from subject_rows as subject
    inner join cells as unit_row
        on subject.disclosure_id = unit_row.disclosure_id
            and subject.table_seq = unit_row.table_seq
            and subject.column_index = unit_row.column_index
            and subject.subject_code = unit_row.subject_code
            and unit_row.row_role = 'unit'
    group by all
),

unit_rows as (
    select * from cells where row_role = 'unit' and subject_code is null and unit_code is not null
),

unit_parents as (
    -- the parent of a unit row is the unit with the longest code that prefixes it
    select
        child.*,
        (
            select max(parent.unit_code) from unit_rows as parent
            where parent.disclosure_id = child.disclosure_id
                and parent.table_seq = child.table_seq
                and parent.column_index = child.column_index
                and length(parent.unit_code) < length(child.unit_code)
                and starts_with(child.unit_code, parent.unit_code)
        ) as parent_unit
    from unit_rows as child
),

unit_sums as (
    select
        parent.disclosure_id,
        'U:' || parent.table_code || '#' || parent.table_seq || ':'
        || coalesce(parent.unit_code, 'total') || ':c' || parent.column_index as check_id,
        'unit_hierarchy' as rule_id, cast(null as varchar) as subject_code, parent.row_number, parent.column_index,
        parent.table_code || ' ' || parent.table_title || ', column ' || parent.column_path || ': '
        || parent.row_label || ' = sum of its units' as description,
        {{ parent_child_sums('parent', 'child') }}
    from cells as parent
    inner join unit_parents as child
        on parent.disclosure_id = child.disclosure_id
            and parent.table_seq = child.table_seq
            and parent.column_index = child.column_index
            and (
                (parent.row_role = 'total' and child.parent_unit is null)
                or (parent.row_role = 'unit' and parent.subject_code is null and parent.unit_code = child.parent_unit)
            )
    group by all
),

malformed_tables as (
    -- a table printing a malformed code: a sum over its subjects may miss that row
    select distinct disclosure_id, table_seq from cells where code_basis = 'malformed'
),

all_checks as (
    select * from subject_sums
    union all select * from total_sums
    union all select * from unit_breakdowns
    union all select * from unit_sums
)

-- where a malformed code may be missing from a sum, the sum can confirm the table but never accuse it
select {{ recon_columns(
    'within_table', applicable="not (has_malformed_code and abs(coalesce(lhs_yuan, 0) - coalesce(rhs_yuan, 0)) > tolerance_yuan)",
    value_unit="'yuan'", rule_id='rule_id', table_code='tables_involved', table_seq='table_seq', row_number='row_number',
    column_index='column_index', subject_code='subject_code'
) }}
from (
    select
        all_checks.*,
        malformed_tables.table_seq is not null as has_malformed_code,
        array_to_string(
            list_sort(list_distinct(list_concat([parent_page], cast(string_split(child_pages, ',') as integer[])))), ','
        ) as pages_involved
    from all_checks
    left join malformed_tables using (disclosure_id, table_seq)
) as checks
