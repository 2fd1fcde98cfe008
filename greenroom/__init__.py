"""greenroom: an offline studio for behind-the-scenes interviews.

The public surface: the model (`greenroom.model`), formats (`greenroom.formats.load`,
`dump`, `save`) and the library (`greenroom.library.Library`).
"""

__version__ = "0.1.0"
