-- Rule: the build fails when the `inject_failure` variable is set. This is how the tests prove that
-- a failing dbt build never replaces the live warehouse (make build DBT_ARGS="--vars '{inject_failure: true}'").
select 'failure injected on purpose' as reason
where {{ 'true' if var('inject_failure', false) else 'false' }}
