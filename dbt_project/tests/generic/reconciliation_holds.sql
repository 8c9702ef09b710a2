{#- A failed reconciliation check is a finding about the published figures, not a pipeline defect:
    configure this test with severity warn so that it reports the findings without failing the build. -#}
{% test reconciliation_holds(model, column_name) %}
select *
from {{ model }}
where {{ column_name }} = 'fail'
{% endtest %}
