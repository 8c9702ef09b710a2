{#- A printed figure (anything but blank or a dash) must have arrived as an exact amount. -#}
{% test amount_parsed(model, column_name, printed_column='printed_value') %}
select *
from {{ model }}
where trim(coalesce({{ printed_column }}, '')) not in ('', '-', '—', '－', '--', '——', '/')
    and {{ column_name }} is null
{% endtest %}
