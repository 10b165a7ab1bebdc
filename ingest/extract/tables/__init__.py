"""Tables -> records. `layout` tells what a table is (column roles, kind, domain); `indicators` and
`services` turn the rows of each kind into typed records. A new kind of table is one more module here
with its column roles in seeds/reference/ref_table_columns.csv."""
from ingest.extract.tables.indicators import indicator_records
from ingest.extract.tables.layout import read_plan_tables, table_column_roles
from ingest.extract.tables.services import service_item_units, service_records

__all__ = ["indicator_records", "read_plan_tables", "service_item_units", "service_records", "table_column_roles"]
