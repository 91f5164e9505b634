-- Issue 15, item 11: English pages showed the Vietnamese conditions of
-- components and notes of fees. Each gets its English text, as names have
-- (empty while not translated; a page in English then falls back to the
-- Vietnamese).
ALTER TABLE procedure_components ADD COLUMN condition_en TEXT NOT NULL DEFAULT '';
ALTER TABLE procedure_fees ADD COLUMN note_en TEXT NOT NULL DEFAULT '';
