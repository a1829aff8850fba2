"""The readers' internals: every source becomes table grids and prose, then one interpreter each.

The pipeline, the same for every kind of input::

    sources                                    interpreters
    -------                                    ------------
    workbook cells (.._xlsx)      ─┐
    PDF (_pdf, pdfplumber)         │  grids  ─→  _standard  (the 2019/2021 tables of 二, 三, 四;
    Word .docx (_docx)             ├────────→    with _layout: many forms of one layout at once)
      .doc .wps .rtf .odt          │
        (_convert → .docx)         │  prose  ─→  _text_narrative  (figures stated in sentences)
    web page (_html, lxml)         │             _text_meta  (agency and year from the title)
    plain text (_text_source)     ─┘
      its flattened tables (_text_tables) → grids

1. **Sources** turn a file into lines of prose and 2-D grids of table cells, each with its
   provenance (:mod:`._sources` holds the two shapes, :class:`._sources.Document` and
   :class:`._sources.Grid`, the one list of report kinds and suffixes, and tells a file's kind from
   its content):

   - a workbook: ``file.xlsx!Sheet!C5`` (:mod:`luzhou_disclosure._xlsx`, for ``read_form``);
   - a PDF (:mod:`._pdf`): ruled tables from the rules drawn, unruled ones from word positions,
     paragraphs rebuilt from lines; ``file.pdf:page 3:table 2:row 4:col 5``,
     ``file.pdf:page 1:line 16「1136条」``;
   - a Word file (:mod:`._docx`; ``.doc``/``.wps``/``.rtf``/``.odt`` converted by LibreOffice in
     :mod:`._convert`): the grid from the underlying cells (merged cells once);
     ``file.docx:table 2:row 5:col 4``, ``file.docx:paragraph 12「21件」``;
   - a web page (:mod:`._html`): the content area, ``colspan``/``rowspan`` expanded; every
     character placed in the HTML source, ``file.html:LINE:START-END``;
   - a plain text (:mod:`._text_source`): ``file.txt:LINE:START-END``; its standard-form tables,
     flattened into ``label | v | v |`` lines or one cell per line, are rebuilt into grids by
     :mod:`._text_tables`.

2. **Interpreters**: grids go to the one table interpreter, :mod:`._standard` (the official
   2019/2021 tables of sections 二, 三 and 四; every figure by the column header above it, read by
   :mod:`._headers`), with :mod:`._layout` reading many forms of one
   layout through a template learnt from it; prose goes to the one prose reader,
   :mod:`._text_narrative`; :mod:`._text_meta` finds agency and year in a title.

The public functions that drive them are :func:`luzhou_disclosure.read_form`,
:func:`luzhou_disclosure.read_forms`, :func:`luzhou_disclosure.read_report` and
:func:`luzhou_disclosure.read_reports`.
"""
