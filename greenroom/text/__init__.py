"""The one home of greenroom's English: word lists and rules kept as data, below the stages.

Nothing here imports a stage (analyze, capture, edit, publish, library): the stages ask
`text` ("is this word fit to print?"), never the other way round
(tests/test_architecture.py holds it).
"""
