"""Scenario files: schema (`schema`), loading (`loader`), checks (`checks`) and parameters (`params`).

The package imports none of its modules: the model reads only the schema, and the loader, whose
checks read the model's moves and metrics, sits above the model (importing it here would close
an import circle through every module that reads the schema).
"""
