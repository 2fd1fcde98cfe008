"""The one home of greenroom's English: word lists and rules kept as data, below the stages.

Nothing here imports a stage (analyze, capture, edit, publish, library, prep, cli, web):
the stages ask `text` ("is this word fit to print?", "does this stand alone?"), never
the other way round (tests/test_architecture.py holds it, and fails when a stage grows
a word list or pattern of its own).

Where a rule goes: a lexicon is a table in `data/<topic>.toml` with `match` and `miss`
example rows (the table-driven tests check every row), read by `lexicon` or by the
topic's small module: `sentences` (the one splitter and tokenizer), `leadins` (spoken
lead-ins), `standalone` (what a passage leans on), `cues` and `storytelling` (what the
moment model counts), `promotion` (plugs), `footers` (transcription-service credits),
`blocklist` (slurs and profanity), `grammar` and `english` (the shared spaCy parse);
`data/card.toml` and `data/quotes.toml` hold what a printed line must not be; `questions`,
`privacy`, `transitions` and `inflect` keep theirs the same way.
"""
