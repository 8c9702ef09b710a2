{#- A model that must stay empty where the run is strict (`make test`'s own data): every row it holds is
    returned as a failure. A run that is not strict still builds and reports the rows (severity warn). -#}
{% test has_no_rows(model) %}
{{ config(severity=('error' if var('strict', false) else 'warn')) }}
select * from {{ model }}
{% endtest %}
