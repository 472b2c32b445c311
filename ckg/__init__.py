"""ckg: a knowledge graph of children's and young people's services commissioning in England.

The import package is deliberately light: ``import ckg`` loads nothing heavy.
The Python API lives in :mod:`ckg.kg` (``KnowledgeGraph``); the command line in :mod:`ckg.cli`.
"""

__version__ = "0.1.0"
