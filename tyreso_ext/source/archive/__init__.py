"""Import of old reports (PDF, Word, scans, plain text) into report drafts: ``tyreso importera``.

extract (text and tables out of a file) → ocr_repair (Swedish repair of OCR'd text) → recognise (headings,
lists, objects, statuses, tables) → draft (the Markdown draft with its front matter and CSV files).
"""
