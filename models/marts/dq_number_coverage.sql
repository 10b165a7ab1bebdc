-- Per document: every Arabic number seen in running text, and what became of it. Captured numbers
-- are in fct_indicator_values; excluded ones are dates, document numbers, list numbering and the like;
-- unclassified ones look quantitative but have no known unit (see stg_ingest__number_mentions).
with mentions as (
    select * from {{ ref('stg_ingest__number_mentions') }}
),

documents as (
    select doc_id, city from {{ ref('stg_ingest__documents') }}
)

select
    documents.doc_id,
    documents.city,
    count(mentions.number_text) as numbers_seen,
    count(mentions.number_text) filter (where mentions.status = 'captured') as numbers_captured,
    count(mentions.number_text) filter (where mentions.status = 'excluded') as numbers_excluded,
    count(mentions.number_text) filter (where mentions.status = 'unclassified') as numbers_unclassified,
    round(
        cast(count(mentions.number_text) filter (where mentions.status = 'captured') as {{ dbt.type_float() }})
        / nullif(count(mentions.number_text) filter (where mentions.status <> 'excluded'), 0), 3
    ) as capture_rate
from documents
left join mentions on mentions.doc_id = documents.doc_id
group by documents.doc_id, documents.city
