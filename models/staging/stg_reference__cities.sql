select city_zh, city_en, province_zh, province_en
from {{ ref('ref_cities') }}
