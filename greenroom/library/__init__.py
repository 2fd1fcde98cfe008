"""The interview library: an SQLite file of interviews with full-text search.

`Library` is the store (see `store.py`), `migrations.py` holds the schema as
ordered steps, and `search.py` turns user words into safe FTS5 queries.
"""

from greenroom.library.search import Hit
from greenroom.library.store import AddResult, Library, Summary, Voice, default_path

__all__ = ["AddResult", "Hit", "Library", "Summary", "Voice", "default_path"]
