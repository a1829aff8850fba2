"""The readers' internals: every source becomes table grids and prose, then one interpreter each.

The pipeline, the same for every kind of input:

1. **Sources** turn a file into lines of prose and 2-D grids of table cells, each with its
   provenance (file and sheet!cell for a workbook; file, line and character span for a text):
   :mod:`._text_source` (plain text and HTML as lines), :mod:`._text_tables` (standard-form tables
   flattened into text lines, rebuilt as grids), and the workbook cells of :mod:`luzhou_disclosure._xlsx`.
2. **Interpreters**: grids go to the one table interpreter, :mod:`._standard` (the official
   2019/2021 tables of sections 二, 三 and 四; every figure by the column header above it, read by
   :mod:`._headers`), with :mod:`._layout` reading many forms of one
   layout through a template learnt from it; prose goes to the one prose reader,
   :mod:`._text_narrative`; :mod:`._text_meta` finds agency and year in a title.

The public functions that drive them are :func:`luzhou_disclosure.read_form`,
:func:`luzhou_disclosure.read_forms`, :func:`luzhou_disclosure.read_report` and
:func:`luzhou_disclosure.read_reports`.
"""
